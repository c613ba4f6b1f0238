import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  type IUserPool,
  type IUserPoolClient,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { FeaturePlanName, MfaMode, UserPoolConfig } from '../config.ts';
import { appClientWriteAttributes, userIdCustomAttributes } from '../user-id-claim.ts';
import { acknowledgeFinding } from './acknowledge.ts';

export interface TokenUserPoolProps {
  readonly config: UserPoolConfig;
  /** Cognito groups to create in a new pool (the publish groups of the token policy). */
  readonly groups: readonly string[];
  /** The ID-token claim the ZEGO userId comes from: kept out of the app client's write attributes. */
  readonly userIdClaim: string;
  readonly userIdMaxBytes: number;
}

const MFA: Record<MfaMode, Mfa> = { off: Mfa.OFF, optional: Mfa.OPTIONAL, required: Mfa.REQUIRED };
const PLAN: Record<FeaturePlanName, FeaturePlan> = {
  lite: FeaturePlan.LITE,
  essentials: FeaturePlan.ESSENTIALS,
  plus: FeaturePlan.PLUS,
};

/**
 * The Cognito user pool whose ID tokens the API accepts, and the app client clients sign in with.
 * Either created here (e-mail sign-in, no self sign-up unless enabled, strong passwords, TOTP MFA)
 * or imported by ID.
 */
export class TokenUserPool extends Construct {
  readonly userPool: IUserPool;
  readonly userPoolId: string;
  /** The app client clients sign in with (created, or imported by ID). */
  readonly client: IUserPoolClient;
  readonly clientId: string;
  readonly created: boolean;

  constructor(scope: Construct, id: string, props: TokenUserPoolProps) {
    super(scope, id);
    const config = props.config;
    if (config.kind === 'import') {
      this.userPool = UserPool.fromUserPoolId(this, 'UserPool', config.userPoolId);
      this.userPoolId = config.userPoolId;
      this.client = UserPoolClient.fromUserPoolClientId(this, 'AppClient', config.userPoolClientId);
      this.clientId = config.userPoolClientId;
      this.created = false;
      return;
    }

    const pool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true, username: false },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: config.selfSignUp,
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: userIdCustomAttributes(props.userIdClaim, props.userIdMaxBytes),
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: MFA[config.mfa],
      // TOTP apps only: SMS needs an SNS spending limit, an IAM role and costs per message.
      mfaSecondFactor: config.mfa === 'off' ? undefined : { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: PLAN[config.featurePlan],
      standardThreatProtectionMode:
        config.featurePlan === 'plus' ? StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      // Users are data: keep the pool when the stack is deleted (README: teardown).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const client = pool.addClient('AppClient', {
      // A public client (browser, mobile app): no client secret.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Explicit, so users cannot rewrite the attribute their ZEGO userId comes from.
      writeAttributes: appClientWriteAttributes(props.userIdClaim),
    });

    for (const [index, group] of props.groups.entries()) {
      new CfnUserPoolGroup(this, `Group${index}`, {
        userPoolId: pool.userPoolId,
        groupName: group,
        description: 'May publish streams (token policy publishGroups)',
      });
    }

    if (config.mfa !== 'required') {
      acknowledgeFinding(
        pool,
        'AwsSolutions-COG2',
        `MFA is "${config.mfa}" by configuration (context mfa); users can enrol a TOTP app. ` +
          'Set mfa=required to enforce it for every user.',
      );
    }
    if (config.featurePlan !== 'plus') {
      acknowledgeFinding(
        pool,
        'AwsSolutions-COG8',
        `Feature plan "${config.featurePlan}" by configuration (context cognitoFeaturePlan): threat ` +
          'protection of the Plus plan is billed per monthly active user; set cognitoFeaturePlan=plus ' +
          'to enable it (enforced).',
      );
    }

    this.userPool = pool;
    this.userPoolId = pool.userPoolId;
    this.client = client;
    this.clientId = client.userPoolClientId;
    this.created = true;
  }
}
