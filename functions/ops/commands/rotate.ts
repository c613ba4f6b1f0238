// rotate: store the new ServerSecret from the ZEGOCLOUD console and make warm functions use it
// now rather than after their cache time (docs/operations.md has the runbook).

import { FUNCTION_ENV } from '#contract/env.ts';
import { LIVE_ALIAS } from '#contract/service.ts';
import { lambda, secretsManager } from '../aws.ts';
import { type Command, stringOption } from '../command.ts';
import { describeRefresh, forceSecretRefresh, REFRESH_MARKER } from '../refresh.ts';
import { readZegoSecretInput } from '../secret-input.ts';
import {
  resolveFunctionName,
  resolveOutputs,
  STACK_HELP,
  STACK_OPTIONS,
  stackRef,
} from '../stack.ts';
import { currentValue, storeZegoSecret } from '../store.ts';
import { SECRET_INPUT_HELP } from './put-secret.ts';

export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'store a new ServerSecret and make running functions reload it now',
  options: {
    ...STACK_OPTIONS,
    'secret-id': { type: 'string' },
    'function-name': { type: 'string' },
    'app-id': { type: 'string' },
    'secret-file': { type: 'string' },
    'refresh-only': { type: 'boolean' },
    'no-refresh': { type: 'boolean' },
  },
  help: `Usage: npm run ops -- rotate [--secret-file PATH] [--refresh-only|--no-refresh] [options]

1. Reads the new ServerSecret (as put-secret does; the AppID defaults to the stored one) and
   refuses the one stored now, the placeholder and invalid values.
2. Stores it with PutSecretValue.
3. Sets ${REFRESH_MARKER} on the token function (all other settings kept), so Lambda starts new
   execution environments that read the new value, and waits for the update to finish. With
   provisioned concurrency (a \`${LIVE_ALIAS}\` alias, which the API invokes) it then publishes a
   version and moves the alias to it, and waits until its provisioned environments are ready.
Without step 3 warm functions keep the old value for up to ${FUNCTION_ENV.secretCacheSeconds} (longer,
up to ${FUNCTION_ENV.secretMaxStaleSeconds} more, while Secrets Manager fails). Runbook: docs/operations.md.

${SECRET_INPUT_HELP}

Options:
  --refresh-only         skip steps 1–2: only make running functions reload the secret
  --no-refresh           skip step 3
  --app-id N             only if the AppID changes too
  --secret-file PATH     read the new ServerSecret from PATH
  --secret-id ID         secret name or ARN (default: the stack's SecretArn output)
  --function-name NAME   token function (default: the stack's TokenFunction resource)
${STACK_HELP}`,
  async run(values, io) {
    const ref = stackRef(values as { stack?: string; region?: string });
    if (values['refresh-only'] && values['no-refresh']) {
      io.stderr('ops: --refresh-only and --no-refresh contradict each other\n');
      return 2;
    }
    if (!values['refresh-only']) {
      const { secretId } = await resolveOutputs(ref, values, ['secretId']);
      const client = secretsManager(ref);
      try {
        const current = await currentValue(client, secretId);
        const value = await readZegoSecretInput(io, {
          secretFile: stringOption(values, 'secret-file'),
          appId: stringOption(values, 'app-id'),
          fallbackAppId: current.value?.appId,
        });
        await storeZegoSecret(io, client, secretId, value, { mustChange: true, current });
      } finally {
        client.destroy();
      }
    }
    if (values['no-refresh']) {
      io.stdout(
        `Not refreshed: warm functions switch within ${FUNCTION_ENV.secretCacheSeconds}.\n`,
      );
      return 0;
    }
    const functionName = await resolveFunctionName(ref, values['function-name']);
    const client = lambda(ref);
    try {
      const result = await forceSecretRefresh(client, functionName);
      io.stdout(`${describeRefresh(functionName, result)}\nCheck it: npm run ops -- smoke\n`);
      return result.alias?.provisioned === undefined || result.alias.provisioned.status === 'READY'
        ? 0
        : 1;
    } finally {
      client.destroy();
    }
  },
};
