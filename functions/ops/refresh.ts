// Forcing warm functions to drop a cached secret: any change to the function's configuration
// makes Lambda start new execution environments, which read the secret afresh. The change made
// here is one marker variable (all other variables kept, guarded by the revision ID); the next
// `cdk deploy` removes it again, which is harmless.

import { type LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { TOOL_ENV } from '#contract/env.ts';
import { functionConfiguration } from './aws.ts';
import { awsErrorName, awsFailure, OpsError } from './io.ts';

export const REFRESH_MARKER = TOOL_ENV.secretRefreshedAt;

export interface RefreshOptions {
  now?: () => Date;
  pollMs?: number;
  timeoutMs?: number;
}

export async function forceSecretRefresh(
  client: LambdaClient,
  functionName: string,
  options: RefreshOptions = {},
): Promise<string> {
  const config = await functionConfiguration(client, functionName);
  const stamp = (options.now ?? (() => new Date()))().toISOString();
  const variables = { ...(config.Environment?.Variables ?? {}), [REFRESH_MARKER]: stamp };
  try {
    await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: functionName,
        Environment: { Variables: variables },
        RevisionId: config.RevisionId,
      }),
    );
  } catch (error) {
    if (awsErrorName(error) === 'PreconditionFailedException') {
      throw new OpsError(
        `${functionName} changed while refreshing it (a deploy?); run the command again`,
      );
    }
    throw awsFailure(`UpdateFunctionConfiguration ${functionName}`, error);
  }
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const now = await functionConfiguration(client, functionName);
    if (now.LastUpdateStatus !== 'InProgress') {
      if (now.LastUpdateStatus === 'Failed') {
        throw new OpsError(
          `the update of ${functionName} failed: ${now.LastUpdateStatusReason ?? ''}`,
        );
      }
      return stamp;
    }
    if (Date.now() > deadline)
      throw new OpsError(`${functionName} is still updating; check it later`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}
