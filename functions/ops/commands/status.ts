// status: is the deployment ready? Stack outputs, whether the secret is still the placeholder
// (or invalid, said by rule, never by content), and whether the function is configured.
import { parseZegoAppSecret } from '#commons/secrets/secret-source.ts';
import { ConfigError, FUNCTION_ENV } from '#contract/env.ts';
import { readHandlerConfig } from '#token/config.ts';
import {
  functionConfiguration,
  lambda,
  namesSecret,
  readStoredSecret,
  secretsManager,
} from '../aws.ts';
import type { Command } from '../command.ts';
import { failureText } from '../io.ts';
import { isPlaceholderValue } from '../secret-input.ts';
import {
  describeStack,
  OUTPUTS,
  resolveFunctionName,
  STACK_HELP,
  STACK_OPTIONS,
  stackRef,
} from '../stack.ts';

type Verdict = { ok: boolean; text: string };
/** What Secrets Manager resolved the secret ID to (when it could be read). */
type Resolved = { arn?: string; name?: string };

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the stack outputs, the state of the secret and of the function',
  options: {
    ...STACK_OPTIONS,
    'secret-id': { type: 'string' },
    'function-name': { type: 'string' },
  },
  help: `Usage: npm run ops -- status [options]

Prints the stack's outputs (API URL, token endpoint, user pool, app client, secret), whether the
secret still holds the placeholder the stack created (the API answers 503 until put-secret), and
whether the function's configuration is valid and points at that secret. Never prints the secret.
Exit 0 when everything is ready, 1 otherwise.

Options:
  --secret-id ID         secret name or ARN (default: the stack's SecretArn output)
  --function-name NAME   token function (default: the stack's TokenFunction resource)
${STACK_HELP}`,
  async run(values, io) {
    const ref = stackRef(values as { stack?: string; region?: string });
    const stack = await describeStack(ref);
    io.stdout(`Stack ${ref.stackName}: ${stack.status ?? 'unknown status'}\n`);
    const names = new Set<string>([...Object.values(OUTPUTS), ...Object.keys(stack.outputs)]);
    for (const name of names) {
      io.stdout(`  ${name.padEnd(21)} ${stack.outputs[name] ?? '(none)'}\n`);
    }
    const secretId =
      typeof values['secret-id'] === 'string'
        ? values['secret-id']
        : stack.outputs[OUTPUTS.secretId];
    const secret = await secretVerdict(ref, secretId);
    const fn = await functionVerdict(ref, values['function-name'], secretId, secret.resolved);
    io.stdout(`Secret:   ${secret.ok ? 'ready' : 'NOT READY'} — ${secret.text}\n`);
    io.stdout(`Function: ${fn.ok ? 'ready' : 'NOT READY'} — ${fn.text}\n`);
    return secret.ok && fn.ok ? 0 : 1;
  },
};

async function secretVerdict(
  ref: ReturnType<typeof stackRef>,
  secretId: string | undefined,
): Promise<Verdict & { resolved?: Resolved }> {
  if (secretId === undefined) return { ok: false, text: 'no SecretArn output; pass --secret-id' };
  const client = secretsManager(ref);
  try {
    const stored = await readStoredSecret(client, secretId);
    const resolved = { arn: stored.arn, name: stored.name };
    if (isPlaceholderValue(stored.text)) {
      return {
        ok: false,
        text: 'still the placeholder (AppID 0): run `npm run ops -- put-secret`',
        resolved,
      };
    }
    const value = parseZegoAppSecret(stored.text);
    return {
      ok: true,
      text: `AppID ${value.appId}, ServerSecret set (32 printable ASCII)`,
      resolved,
    };
  } catch (error) {
    return { ok: false, text: failureText(error) };
  } finally {
    client.destroy();
  }
}

async function functionVerdict(
  ref: ReturnType<typeof stackRef>,
  given: unknown,
  secretId: string | undefined,
  resolved: Resolved | undefined,
): Promise<Verdict> {
  const client = lambda(ref);
  try {
    const name = await resolveFunctionName(ref, given);
    const config = await functionConfiguration(client, name);
    const env = config.Environment?.Variables ?? {};
    await readHandlerConfig(env);
    const configured = env[FUNCTION_ENV.secretId];
    if (configured === undefined)
      return { ok: false, text: `${name}: ${FUNCTION_ENV.secretId} is not set` };
    // Compared by what Secrets Manager resolved (name, ARN or partial ARN all name one secret);
    // literally when the secret could not be read. An imported-by-name secret is configured by
    // name, and its output is the ARN without suffix.
    const same =
      resolved?.arn !== undefined
        ? namesSecret(configured, resolved)
        : configured === secretId || secretId?.endsWith(`:${configured}`) === true;
    if (secretId !== undefined && !same) {
      return { ok: false, text: `${name} reads ${configured}, not ${secretId}` };
    }
    const state = `${config.State ?? 'unknown'}, last update ${config.LastUpdateStatus ?? 'unknown'}`;
    const ok = config.State !== 'Failed' && config.LastUpdateStatus !== 'Failed';
    return { ok, text: `${name} (${state}) reads ${configured}; configuration valid` };
  } catch (error) {
    const text =
      error instanceof ConfigError ? `invalid setting: ${error.message}` : failureText(error);
    return { ok: false, text };
  } finally {
    client.destroy();
  }
}
