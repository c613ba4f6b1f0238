import { RemovalPolicy } from 'aws-cdk-lib';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { FUNCTION_ENV } from '../../functions/contract/env.ts';
import { PLACEHOLDER_APP_ID } from '../../functions/contract/secret-placeholder.ts';
import type { SecretConfig } from '../config.ts';
import { acknowledgeFinding } from './acknowledge.ts';
import type { ZegoSecretBinding } from './token-function.ts';

export interface ZegoSecretProps {
  readonly config: SecretConfig;
  /** Customer managed KMS key (by ARN) that encrypts the secret. */
  readonly kmsKeyArn?: string;
  /** Or the key itself. */
  readonly encryptionKey?: IKey;
}

/**
 * What the function needs to read `secret`: its complete ARN, or for a secret known only by name
 * (Secret.fromSecretNameV2, or a partial ARN) the name, granted as "<partial ARN>-??????".
 */
export function zegoSecretBinding(secret: ISecret, encryptionKey?: IKey): ZegoSecretBinding {
  const fullArn = secret.secretFullArn;
  if (fullArn !== undefined) {
    return { secretId: fullArn, policyResourceArn: fullArn, encryptionKey };
  }
  return {
    secretId: secret.secretName,
    // Secrets Manager appends "-" and 6 random characters to every secret ARN; by name the
    // suffix is unknown at synth time, and "??????" matches exactly those 6 characters.
    policyResourceArn: `${secret.secretArn}-??????`,
    encryptionKey,
  };
}

/**
 * The Secrets Manager secret holding `{"appId": <number>, "serverSecret": "<32 chars>"}`.
 *
 * Created here (retained when the stack is deleted; its initial value is a placeholder of the right
 * shape with appId 0 (PLACEHOLDER_APP_ID), so the service answers 500 and logs the command to run
 * until the real value is stored with `npm run ops -- put-secret`), or imported by complete ARN or
 * by name.
 */
export class ZegoSecret extends Construct {
  readonly secret: ISecret;
  readonly encryptionKey: IKey | undefined;
  /** ARN for outputs; for a secret imported by name this is the ARN without the random suffix. */
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: ZegoSecretProps) {
    super(scope, id);
    this.encryptionKey =
      props.encryptionKey ??
      (props.kmsKeyArn === undefined ? undefined : Key.fromKeyArn(this, 'Key', props.kmsKeyArn));
    const config = props.config;

    switch (config.kind) {
      case 'create': {
        const secret = new Secret(this, 'Secret', {
          description: 'ZEGOCLOUD AppID and ServerSecret for the token service',
          encryptionKey: this.encryptionKey,
          // Placeholder of the right shape; never the real ServerSecret in a template.
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ appId: PLACEHOLDER_APP_ID }),
            generateStringKey: 'serverSecret',
            passwordLength: 32,
            excludePunctuation: true,
            includeSpace: false,
          },
          removalPolicy: RemovalPolicy.RETAIN,
        });
        acknowledgeFinding(
          secret,
          'AwsSolutions-SMG4',
          'The ZEGO ServerSecret is issued by the ZEGOCLOUD console and has no rotation API, so a ' +
            'rotation Lambda cannot rotate it; operators rotate it by hand (README) and the ' +
            `function's secret cache picks the new value up within ${FUNCTION_ENV.secretCacheSeconds}.`,
        );
        this.secret = secret;
        this.secretArn = secret.secretArn;
        break;
      }
      case 'import-arn': {
        this.secret = Secret.fromSecretCompleteArn(this, 'Secret', config.secretArn);
        this.secretArn = config.secretArn;
        break;
      }
      case 'import-name': {
        this.secret = Secret.fromSecretNameV2(this, 'Secret', config.secretName);
        this.secretArn = this.secret.secretArn;
        break;
      }
    }
  }
}
