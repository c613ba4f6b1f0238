// Help texts of `npm run invoke` (functions/invoke/main.ts); docs/local-invocation.md is the
// longer reference.
import { DEFAULT_SUB, DEFAULT_USERNAME } from './event-command.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_APP_CLIENT_ID } from './local-aws.ts';

export const INVOKE_HELP = `Usage: npm run -s invoke -- [--event FILE|-] [options]
       npm run -s invoke -- event [event options]      (event --help for those)

Invokes the token function as deployed: the bundle \`cdk synth\` puts in cdk.out, in a fresh
process on the Lambda runtime's Node (Node 24 from npm; where no package fits this platform, the
system Node, said on stderr), with the environment of the synthesized template, the template's
timeout and memory size, and a Lambda-shaped context. \`cdk synth\` runs first when cdk.out is
missing or older than infra/, functions/, cdk.json or the package files. With -c, the assembly
is synthesized with that context into a directory of its own (node_modules/.cache/
zego-token-invoke/, kept fresh by the same rule), so cdk.out keeps what cdk.json says.

stdout  the function's result, one line of JSON ({"statusCode":…,"headers":…,"body":…});
        after a crash or timeout, Lambda's error payload ({"errorType":…,"errorMessage":…})
stderr  INIT_START Runtime Version: nodejs:24 (node v24…), the function's own log lines,
        END, and REPORT (Duration, Billed Duration, Memory Size, Max Memory Used, Init
        Duration); notes of this command start with "invoke:"

Options:
  --event FILE|-           the event (JSON): a file, or - for standard input; default: what
                           \`invoke event\` prints without options
  --env KEY=VALUE          set a variable of the function on top of the template's (repeatable)
  -c, --context KEY=VALUE  CDK context for the synth, as \`cdk synth -c\` (repeatable)
  --cdk-out DIR            read this cloud assembly as it is (cdk synth --output DIR); no synth
  --secret-file PATH       the ServerSecret on the first line (AppID from --app-id or
                           ZEGO_APP_ID), or the JSON {"appId":…,"serverSecret":"…"}
  --app-id N               the AppID, with a --secret-file that holds the ServerSecret only
  -h, --help               this help

The ServerSecret never comes from the command line. First match wins:
  1. --secret-file PATH
  2. ZEGO_APP_ID and ZEGO_SERVER_SECRET in the environment (both or neither)
  3. a generated dev-only pair for this run (said on stderr; never printed)
A Secrets Manager stand-in on 127.0.0.1 serves it (AWS_ENDPOINT_URL_SECRETS_MANAGER); the
function fetches it with its own SDK client, as in Lambda. It is never in the function's
arguments or environment, nor in anything this command prints.

What the template's references become locally (the defaults of \`invoke event\` match them):
  the stack's secret       an ARN of the stand-in's secret (account ${LOCAL_ACCOUNT_ID})
  the stack's app client   ${LOCAL_APP_CLIENT_ID}
  the stack's user pool    <region>_LocalPool
  AWS::Region              the stack's region, else AWS_REGION, AWS_DEFAULT_REGION, us-east-1
  any other resource       "local-<LogicalId>" (said on stderr; set it with --env)
Lambda's own variables are set as Lambda sets them (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME,
AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_LOG_FORMAT, _HANDLER, LAMBDA_TASK_ROOT, TZ, …),
with dummy credentials; of your own environment only PATH is passed on. INIT may take 10 s
and the invocation the template's Timeout, as in Lambda; Memory Size is reported, not enforced.

Exit codes: 0 the function returned (whatever its statusCode), 1 it threw or crashed, 2 usage
or setup error (bad option or event, cdk synth failed), 3 it timed out.

Examples:
  npm run -s invoke -- event --groups publishers --body '{"roomId":"r1","privileges":{"publishStream":true}}' | npm run -s invoke -- --event -
  npm run -s invoke -- --event test/events/rest-publisher-room.json -c maxTtlSeconds=120`;

export const EVENT_HELP = `Usage: npm run -s invoke -- event [options]

Prints an API Gateway event (JSON) as the deployed API passes it to the function after its
authorizer: by default a signed-in Cognito user of the stack's own app client (see
\`invoke --help\`) calling POST /token with no body. Valid input for \`sam local invoke -e\` too.

Options:
  --api rest|http         rest (default): REST API v1 proxy event, Cognito authorizer claims
                          in requestContext.authorizer.claims; http: HTTP API v2 event, JWT
                          authorizer claims in requestContext.authorizer.jwt.claims
  --sub UUID              the Cognito sub (default ${DEFAULT_SUB})
  --username NAME         cognito:username (ID token) or username (access token); default ${DEFAULT_USERNAME}
  --groups a,b            cognito:groups (default: none)
  --client-id ID          aud (ID token) or client_id (access token); default ${LOCAL_APP_CLIENT_ID}
  --token-use id|access   the kind of token the caller presented (default id)
  --email ADDRESS         email, with email_verified true (ID tokens only)
  --claim NAME=VALUE      add or replace a claim as it reaches the function (repeatable);
                          NAME= removes it
  --no-claims             no authorizer claims at all: what no identity looks like (401)
  --body JSON|@FILE       the request body, which must be JSON (the API passes no other)
  --header 'Name: value'  add or replace a header (repeatable)
  --method M              the HTTP method (default POST)
  -h, --help              this help

Claims are strings, as each API type passes them: the REST API writes cognito:groups "a,b" and
exp/iat as dates ("Mon Dec 07 13:40:00 UTC 2026"); the HTTP API writes "[a b]" and epoch
seconds. With --api rest, a body the REST API's request validator would refuse (400 before the
function runs) is still printed, with a warning on stderr.`;
