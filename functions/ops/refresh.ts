// Forcing warm functions to drop a cached secret: any change to the function's configuration
// makes Lambda start new execution environments, which read the secret afresh. The change made
// here is one marker variable (all other variables kept, guarded by the revision ID); the next
// `cdk deploy` that updates the function removes it again, which is harmless.
//
// That reaches what the API invokes only when it invokes the unqualified function ($LATEST).
// With provisioned concurrency the API invokes the `live` alias, a published (immutable)
// version whose provisioned environments a configuration change does not touch: then a version
// is published from the changed configuration and the alias moved to it, so Lambda provisions
// new environments for it, and the command waits until they are ready.

import {
  type AliasConfiguration,
  GetAliasCommand,
  GetProvisionedConcurrencyConfigCommand,
  type LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { TOOL_ENV } from '#contract/env.ts';
import { LIVE_ALIAS } from '#contract/service.ts';
import { functionConfiguration } from './aws.ts';
import { awsErrorName, awsFailure, OpsError } from './io.ts';

export const REFRESH_MARKER = TOOL_ENV.secretRefreshedAt;

export interface RefreshOptions {
  now?: () => Date;
  pollMs?: number;
  /** How long to wait for the configuration update (default 2 minutes). */
  timeoutMs?: number;
  /** How long to wait for the alias's provisioned environments (default 10 minutes). */
  provisionTimeoutMs?: number;
}

/** What a refresh changed. */
export interface RefreshResult {
  /** The marker's value (an ISO time). */
  stamp: string;
  /** The alias the API invokes, when there is one: the version moved from and to. */
  alias?: {
    name: string;
    fromVersion: string | undefined;
    toVersion: string;
    /** Its provisioned concurrency: READY, or where it stood when the wait ended; none: none. */
    provisioned?: { status: string; available: number; requested: number };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function changedMeanwhile(functionName: string): OpsError {
  return new OpsError(
    `${functionName} changed while refreshing it (a deploy?); run the command again`,
  );
}

/** The marker update on the function ($LATEST), waited for until it has finished. */
async function updateMarker(
  client: LambdaClient,
  functionName: string,
  options: RefreshOptions,
): Promise<{ stamp: string; revisionId: string | undefined }> {
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
    if (awsErrorName(error) === 'PreconditionFailedException') throw changedMeanwhile(functionName);
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
      return { stamp, revisionId: now.RevisionId };
    }
    if (Date.now() > deadline)
      throw new OpsError(`${functionName} is still updating; check it later`);
    await sleep(options.pollMs ?? 1000);
  }
}

/** The `live` alias, or undefined when the function has none (no provisioned concurrency). */
async function liveAlias(
  client: LambdaClient,
  functionName: string,
): Promise<AliasConfiguration | undefined> {
  try {
    return await client.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS }));
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw awsFailure(`GetAlias ${functionName}:${LIVE_ALIAS}`, error);
  }
}

/** Waits for the alias's provisioned concurrency to be READY; undefined when it has none. */
async function provisionedState(
  client: LambdaClient,
  functionName: string,
  options: RefreshOptions,
): Promise<NonNullable<RefreshResult['alias']>['provisioned']> {
  const deadline = Date.now() + (options.provisionTimeoutMs ?? 600_000);
  for (;;) {
    let state: { status: string; available: number; requested: number };
    try {
      const out = await client.send(
        new GetProvisionedConcurrencyConfigCommand({
          FunctionName: functionName,
          Qualifier: LIVE_ALIAS,
        }),
      );
      state = {
        status: out.Status ?? 'unknown',
        available: out.AvailableProvisionedConcurrentExecutions ?? 0,
        requested: out.RequestedProvisionedConcurrentExecutions ?? 0,
      };
    } catch (error) {
      if (awsErrorName(error) === 'ProvisionedConcurrencyConfigNotFoundException') return undefined;
      throw awsFailure(`GetProvisionedConcurrencyConfig ${functionName}:${LIVE_ALIAS}`, error);
    }
    if (state.status !== 'IN_PROGRESS' || Date.now() > deadline) return state;
    await sleep(options.pollMs ?? 1000);
  }
}

/**
 * Makes what the API invokes start new execution environments: the marker on the function, and
 * with a `live` alias a new version from it that the alias then points at.
 */
export async function forceSecretRefresh(
  client: LambdaClient,
  functionName: string,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const { stamp, revisionId } = await updateMarker(client, functionName, options);
  const alias = await liveAlias(client, functionName);
  if (alias === undefined) return { stamp };

  let version: string | undefined;
  try {
    // RevisionId: publish exactly the configuration just updated, not a later one.
    const published = await client.send(
      new PublishVersionCommand({
        FunctionName: functionName,
        RevisionId: revisionId,
        Description: `${REFRESH_MARKER}=${stamp} (npm run ops -- rotate)`,
      }),
    );
    version = published.Version;
  } catch (error) {
    if (awsErrorName(error) === 'PreconditionFailedException') throw changedMeanwhile(functionName);
    throw awsFailure(`PublishVersion ${functionName}`, error);
  }
  if (version === undefined)
    throw new OpsError(`PublishVersion ${functionName} returned no version`);
  try {
    await client.send(
      new UpdateAliasCommand({
        FunctionName: functionName,
        Name: LIVE_ALIAS,
        FunctionVersion: version,
        RevisionId: alias.RevisionId,
      }),
    );
  } catch (error) {
    if (awsErrorName(error) === 'PreconditionFailedException') throw changedMeanwhile(functionName);
    throw awsFailure(`UpdateAlias ${functionName}:${LIVE_ALIAS}`, error);
  }
  const provisioned = await provisionedState(client, functionName, options);
  return {
    stamp,
    alias: {
      name: LIVE_ALIAS,
      fromVersion: alias.FunctionVersion,
      toVersion: version,
      ...(provisioned === undefined ? {} : { provisioned }),
    },
  };
}

/** What the refresh did, for the operator. */
export function describeRefresh(functionName: string, result: RefreshResult): string {
  const marker = `${REFRESH_MARKER}=${result.stamp}`;
  if (result.alias === undefined) {
    return (
      `Refreshed ${functionName} (${marker}): the API invokes the function itself, and new ` +
      'requests run in new execution environments that read the secret afresh.'
    );
  }
  const { name, fromVersion, toVersion, provisioned } = result.alias;
  const moved =
    `Refreshed ${functionName} (${marker}): published version ${toVersion} and moved alias ` +
    `${name}, which the API invokes, from version ${fromVersion ?? '?'} to ${toVersion}.`;
  if (provisioned === undefined) return `${moved} New requests run in new execution environments.`;
  const counts = `${provisioned.available} of ${provisioned.requested}`;
  if (provisioned.status === 'READY') {
    return `${moved} Its provisioned concurrency is READY (${counts} environments, all of the new version).`;
  }
  return (
    `${moved} Its provisioned concurrency is ${provisioned.status} (${counts} environments ready); ` +
    `follow it with: aws lambda get-provisioned-concurrency-config --function-name ${functionName} --qualifier ${name}`
  );
}
