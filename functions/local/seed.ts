// Seeds a Cognito user pool (normally the local emulator) with one app client and dev users,
// and signs users in, using the real AWS SDK client pointed at the emulator's endpoint.
import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { clientWritableStandardAttributes, userIdClaimSource } from '#contract/user-id-claim.ts';

const LOCAL_REGION = 'us-east-1';
export const DEFAULT_PUBLISH_GROUP = 'publishers';

export interface SeedUserSpec {
  username: string;
  groups: string[];
  /** Default: a random dev-only password. */
  password?: string;
}

export interface SeededUser {
  username: string;
  password: string;
  groups: string[];
  sub: string;
  email: string;
}

export interface SeedResult {
  userPoolId: string;
  clientId: string;
  /** `iss` of the tokens the emulator issues: `<endpoint>/<poolId>`. */
  issuer: string;
  jwksUri: string;
  users: SeededUser[];
}

export interface SeedOptions {
  endpoint: string;
  poolName?: string;
  clientName?: string;
  publishGroup?: string;
  users?: SeedUserSpec[];
  /** ID/access token lifetime in minutes (default 60, as Cognito's default). */
  tokenValidityMinutes?: number;
  /**
   * The claim the ZEGO userId comes from (default sub): left out of the app client's write
   * attributes as the stack does, and defined in the pool when it is `custom:<name>`.
   */
  userIdClaim?: string;
}

/** A client for the emulator: fixed fake credentials, never the developer's own. */
export function emulatorClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}

/** A dev-only password that satisfies Cognito's default policy (upper, lower, digit, symbol). */
export function devPassword(): string {
  return `Dev-${randomBytes(6).toString('hex')}-Pw1!`;
}

export function defaultUsers(publishGroup = DEFAULT_PUBLISH_GROUP): SeedUserSpec[] {
  return [
    { username: 'alice', groups: [publishGroup] },
    { username: 'bob', groups: [] },
  ];
}

export async function seedUserPool(options: SeedOptions): Promise<SeedResult> {
  const client = emulatorClient(options.endpoint);
  const publishGroup = options.publishGroup ?? DEFAULT_PUBLISH_GROUP;
  const validity = options.tokenValidityMinutes ?? 60;
  try {
    const userIdClaim = options.userIdClaim ?? 'sub';
    const claimSource = userIdClaimSource(userIdClaim);
    const pool = await client.send(
      new CreateUserPoolCommand({
        PoolName: options.poolName ?? 'zego-token-local',
        ...(claimSource.kind === 'custom'
          ? { Schema: [{ Name: claimSource.name, AttributeDataType: 'String', Mutable: true }] }
          : {}),
      }),
    );
    const userPoolId = required(pool.UserPool?.Id, 'UserPool.Id');

    const appClient = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: options.clientName ?? 'zego-token-local-app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        IdTokenValidity: validity,
        AccessTokenValidity: validity,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' },
        // As the stack's app client: users cannot rewrite their own userId claim. (cognito-local
        // stores this list but does not enforce it; real Cognito does.)
        WriteAttributes: clientWritableStandardAttributes(userIdClaim),
      }),
    );
    const clientId = required(appClient.UserPoolClient?.ClientId, 'UserPoolClient.ClientId');

    const specs = options.users ?? defaultUsers(publishGroup);
    const groups = new Set(specs.flatMap((u) => u.groups));
    for (const group of groups) {
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
    }

    const users: SeededUser[] = [];
    for (const spec of specs) {
      const password = spec.password ?? devPassword();
      const email = `${spec.username}@example.com`;
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: spec.username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: spec.username,
          Password: password,
          Permanent: true,
        }),
      );
      for (const group of spec.groups) {
        await client.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: userPoolId,
            Username: spec.username,
            GroupName: group,
          }),
        );
      }
      const got = await client.send(
        new AdminGetUserCommand({ UserPoolId: userPoolId, Username: spec.username }),
      );
      const sub = required(
        got.UserAttributes?.find((a) => a.Name === 'sub')?.Value,
        `sub of ${spec.username}`,
      );
      users.push({ username: spec.username, password, groups: [...spec.groups], sub, email });
    }

    const issuer = `${options.endpoint}/${userPoolId}`;
    return { userPoolId, clientId, issuer, jwksUri: `${issuer}/.well-known/jwks.json`, users };
  } finally {
    client.destroy();
  }
}

export interface SignInResult {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
}

/** USER_PASSWORD_AUTH sign-in, as a client app would do it. */
export async function signIn(
  endpoint: string,
  clientId: string,
  username: string,
  password: string,
  client?: CognitoIdentityProviderClient,
): Promise<SignInResult> {
  const c = client ?? emulatorClient(endpoint);
  try {
    const out = await c.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    const result = out.AuthenticationResult;
    if (!result?.IdToken || !result.AccessToken) {
      throw new Error(
        `sign-in of ${username} returned no tokens (challenge: ${out.ChallengeName})`,
      );
    }
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      refreshToken: result.RefreshToken,
      expiresIn: result.ExpiresIn,
    };
  } finally {
    if (!client) c.destroy();
  }
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === '') {
    throw new Error(`Cognito response is missing ${what}`);
  }
  return value;
}
