// Storing the ZEGO value with PutSecretValue: skipped when the same value is stored already,
// refused when it would re-store the current ServerSecret during a rotation.
import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseZegoAppSecret, type ZegoAppSecret } from '#commons/secrets/secret-source.ts';
import { readSecretString } from './aws.ts';
import { awsErrorName, awsFailure, OpsError, type OpsIo } from './io.ts';

/** The stored value if it is a valid ZEGO value; undefined when unreadable or not valid. */
export async function currentValue(
  client: SecretsManagerClient,
  secretId: string,
): Promise<{ value?: ZegoAppSecret; readable: boolean }> {
  let text: string;
  try {
    text = await readSecretString(client, secretId);
  } catch {
    return { readable: false };
  }
  try {
    return { value: parseZegoAppSecret(text), readable: true };
  } catch {
    return { readable: true };
  }
}

export interface StoreOptions {
  /** Rotation: the new ServerSecret must differ from the stored one. */
  mustChange: boolean;
  current: { value?: ZegoAppSecret; readable: boolean };
}

/** Writes `{appId, serverSecret}`; returns false when nothing needed writing. */
export async function storeZegoSecret(
  io: OpsIo,
  client: SecretsManagerClient,
  secretId: string,
  value: ZegoAppSecret,
  options: StoreOptions,
): Promise<boolean> {
  const stored = options.current.value;
  if (stored?.serverSecret === value.serverSecret) {
    if (options.mustChange) {
      throw new OpsError(
        'refused: that ServerSecret is the one stored now; a rotation needs the new one from the ZEGOCLOUD console. Nothing written.',
      );
    }
    if (stored.appId === value.appId) {
      io.stdout(`The secret already holds this value (AppID ${value.appId}); nothing written.\n`);
      return false;
    }
  }
  try {
    const out = await client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        SecretString: JSON.stringify({ appId: value.appId, serverSecret: value.serverSecret }),
      }),
    );
    io.stdout(
      `Stored AppID ${value.appId} and the ServerSecret in ${out.ARN ?? secretId} (version ${out.VersionId ?? 'unknown'}).\n`,
    );
    return true;
  } catch (error) {
    const failure = awsFailure(`PutSecretValue ${secretId}`, error);
    const denied = /AccessDenied/.test(awsErrorName(error) ?? '');
    throw new OpsError(`${failure.message}${denied ? '. Nothing written.' : ''}`);
  }
}
