// SDK clients for the operator commands, built the standard way (credentials and
// AWS_ENDPOINT_URL_<SERVICE> from the environment) with the --region option on top, and the few
// calls several commands share.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerClient } from '#commons/secrets/secrets-manager.ts';
import { awsFailure, OpsError } from './io.ts';
import type { StackRef } from './stack.ts';

function regionConfig(ref: StackRef): { region?: string } {
  return ref.region ? { region: ref.region } : {};
}

export function secretsManager(ref: StackRef): SecretsManagerClient {
  return createSecretsManagerClient({ maxAttempts: 3, requestTimeoutMs: 5000 }, regionConfig(ref));
}

export function cognito(ref: StackRef): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ ...regionConfig(ref), maxAttempts: 3 });
}

export function lambda(ref: StackRef): LambdaClient {
  return new LambdaClient({ ...regionConfig(ref), maxAttempts: 3 });
}

/** A stored secret: its SecretString (never printed by any caller), ARN and name. */
export interface StoredSecret {
  text: string;
  arn: string | undefined;
  name: string | undefined;
}

export async function readStoredSecret(
  client: SecretsManagerClient,
  secretId: string,
): Promise<StoredSecret> {
  let out: GetSecretValueCommandOutput;
  try {
    out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  } catch (error) {
    throw awsFailure(`GetSecretValue ${secretId}`, error);
  }
  if (typeof out.SecretString !== 'string') {
    throw new OpsError(`the secret ${secretId} has no SecretString (binary is not supported)`);
  }
  return { text: out.SecretString, arn: out.ARN, name: out.Name };
}

/** The stored SecretString (never printed by any caller). */
export async function readSecretString(
  client: SecretsManagerClient,
  secretId: string,
): Promise<string> {
  return (await readStoredSecret(client, secretId)).text;
}

/**
 * Whether `configured` (the function's ZEGO_SECRET_ID: a name, a complete ARN, or an ARN without
 * the 6-character suffix) names the secret Secrets Manager resolved to `arn` and `name`.
 */
export function namesSecret(configured: string, secret: { arn?: string; name?: string }): boolean {
  if (configured === secret.arn || configured === secret.name) return true;
  // A partial ARN: the complete one less "-" and the random 6-character suffix.
  return (
    secret.arn !== undefined &&
    secret.arn.length - 7 === configured.length &&
    secret.arn.startsWith(`${configured}-`)
  );
}

export async function functionConfiguration(
  client: LambdaClient,
  functionName: string,
): Promise<FunctionConfiguration> {
  try {
    return await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  } catch (error) {
    throw awsFailure(`GetFunctionConfiguration ${functionName}`, error);
  }
}
