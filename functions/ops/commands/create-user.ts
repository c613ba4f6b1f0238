// create-user: a test user in the stack's user pool, and a fresh ID token for it.
import { firstLine } from '#commons/secret-file.ts';
import { cognito } from '../aws.ts';
import { type Command, stringOption } from '../command.ts';
import { OpsError, UsageError } from '../io.ts';
import { isTerminal, promptHidden, readAllStdin } from '../prompt.ts';
import { resolveOutputs, STACK_HELP, STACK_OPTIONS, stackRef } from '../stack.ts';
import {
  createUser,
  expectedUserId,
  generatePassword,
  jwtClaims,
  signInForIdToken,
} from '../users.ts';

export const createUserCommand: Command = {
  name: 'create-user',
  summary: "create a test user in the stack's user pool and print an ID token for it",
  options: {
    ...STACK_OPTIONS,
    email: { type: 'string' },
    username: { type: 'string' },
    group: { type: 'string', multiple: true },
    'prompt-password': { type: 'boolean' },
    json: { type: 'boolean' },
    'user-pool-id': { type: 'string' },
    'client-id': { type: 'string' },
  },
  help: `Usage: npm run ops -- create-user --email ADDRESS [--group NAME]... [--prompt-password] [options]

Creates a confirmed user (no e-mail is sent) with a permanent password, adds it to the groups
given (e.g. a publish group), signs it in (USER_PASSWORD_AUTH) and prints a fresh ID token on
stdout (details and a generated password on stderr) — \`npm run dev:token\` for the deployed pool:
  ID_TOKEN=$(npm run -s ops -- create-user --email alice@example.com)

The password is generated (printed once) unless --prompt-password: then it is read with a hidden
prompt on a terminal (asked twice), or from the first line of standard input when it is piped.

Options:
  --email ADDRESS        the user's e-mail, also its username (the stack's pool signs in by e-mail)
  --username NAME        a username other than the e-mail (pools that allow it)
  --group NAME           add the user to this group (repeatable)
  --prompt-password      choose the password instead of generating one
  --json                 print {username, sub, userId, groups, idToken[, password]} as JSON
  --user-pool-id ID      default: the stack's UserPoolId output
  --client-id ID         default: the stack's UserPoolClientId output
${STACK_HELP}`,
  async run(values, io) {
    const email = stringOption(values, 'email');
    const username = stringOption(values, 'username') ?? email;
    if (username === undefined) throw new UsageError('--email (or --username) is required');
    const groups = (values.group as string[] | undefined) ?? [];
    let password: string;
    let generated = false;
    if (values['prompt-password']) {
      if (isTerminal(io.stdin)) {
        password = await promptHidden(io, 'Password for the test user (input hidden): ');
        if ((await promptHidden(io, 'Again, to confirm: ')) !== password) {
          throw new OpsError('the two entries differ; no user created');
        }
      } else {
        password = firstLine(await readAllStdin(io));
      }
      if (password === '') throw new OpsError('refused: the password is empty; no user created');
    } else {
      password = generatePassword();
      generated = true;
    }
    const ref = stackRef(values as { stack?: string; region?: string });
    const { userPoolId, clientId } = await resolveOutputs(ref, values, ['userPoolId', 'clientId']);
    const client = cognito(ref);
    try {
      const sub = await createUser(client, userPoolId, { username, email, password, groups });
      const idToken = await signInForIdToken(client, clientId, username, password);
      const userId = expectedUserId(jwtClaims(idToken));
      if (values.json) {
        const out = { username, sub, userId, groups, idToken, ...(generated ? { password } : {}) };
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
        return 0;
      }
      // Only the ID token on stdout, so ID_TOKEN=$(npm run -s ops -- create-user …) works.
      io.stderr(`Created ${username} (sub ${sub}, ZEGO userId ${userId}) in ${userPoolId}`);
      io.stderr(groups.length > 0 ? `, groups: ${groups.join(', ')}\n` : '\n');
      if (generated) io.stderr(`Password (generated, shown once): ${password}\n`);
      io.stdout(`${idToken}\n`);
      return 0;
    } finally {
      client.destroy();
    }
  },
};
