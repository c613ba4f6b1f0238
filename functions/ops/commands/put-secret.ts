// put-secret: store the ZEGO AppID and ServerSecret in the stack's secret.

import { FUNCTION_ENV, FUNCTION_SETTINGS } from '#contract/env.ts';
import { secretsManager } from '../aws.ts';
import { type Command, stringOption } from '../command.ts';
import { readZegoSecretInput } from '../secret-input.ts';
import { resolveOutputs, STACK_HELP, STACK_OPTIONS, stackRef } from '../stack.ts';
import { currentValue, storeZegoSecret } from '../store.ts';

export const SECRET_INPUT_HELP = `The ServerSecret is never taken from the command line. It comes from, in this order:
  1. --secret-file PATH   first line of PATH, or the whole JSON {"appId":…,"serverSecret":"…"}
  2. standard input       when it is piped or redirected (same formats)
  3. a hidden prompt      when stdin is a terminal (asked twice; nothing is echoed)
The AppID comes from --app-id, ZEGO_APP_ID, the JSON, or a prompt on a terminal.`;

export const putSecretCommand: Command = {
  name: 'put-secret',
  summary: "store the ZEGO AppID and ServerSecret in the stack's secret",
  options: {
    ...STACK_OPTIONS,
    'secret-id': { type: 'string' },
    'app-id': { type: 'string' },
    'secret-file': { type: 'string' },
  },
  help: `Usage: npm run ops -- put-secret [--app-id N] [--secret-file PATH] [options]

Checks the value with the function's own rules (AppID 1…4294967295, ServerSecret exactly 32
printable ASCII characters), refuses the stack's placeholder (AppID 0) and empty values, and
stores {"appId","serverSecret"} with PutSecretValue. Prints nothing secret.

${SECRET_INPUT_HELP}

Options:
  --app-id N             your ZEGOCLOUD AppID (not secret)
  --secret-file PATH     read the ServerSecret (or the JSON value) from PATH
  --secret-id ID         secret name or ARN (default: the stack's SecretArn output)
${STACK_HELP}

Examples:
  npm run ops -- put-secret --app-id 1234567890            (prompts, hidden)
  npm run ops -- put-secret --app-id 1234567890 < server-secret.txt`,
  async run(values, io) {
    const ref = stackRef(values as { stack?: string; region?: string });
    // Input first: a bad value never reaches AWS.
    const value = await readZegoSecretInput(io, {
      secretFile: stringOption(values, 'secret-file'),
      appId: stringOption(values, 'app-id'),
    });
    const { secretId } = await resolveOutputs(ref, values, ['secretId']);
    const client = secretsManager(ref);
    try {
      const current = await currentValue(client, secretId);
      const written = await storeZegoSecret(io, client, secretId, value, {
        mustChange: false,
        current,
      });
      if (written) {
        io.stdout(
          `Running functions pick it up within ${FUNCTION_ENV.secretCacheSeconds} (default ${FUNCTION_SETTINGS.secretCacheSeconds.defaultValue} s); ` +
            '`npm run ops -- rotate --refresh-only` makes them reload now.\n',
        );
      }
      return 0;
    } finally {
      client.destroy();
    }
  },
};
