// Cognito test users for a deployed (or local) pool: create with a password, sign in with
// USER_PASSWORD_AUTH, delete. Generated passwords come from the CSPRNG.
import { randomBytes, randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsFailure, OpsError } from './io.ts';

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@^_'];

/** 24+ characters with every class Cognito's strictest policy asks for. */
export function generatePassword(): string {
  const extra = CLASSES.map((set) => set[randomInt(set.length)]).join('');
  return `${randomBytes(15).toString('base64url')}${extra}`;
}

export interface NewUser {
  username: string;
  email?: string;
  password: string;
  groups: string[];
}

/** Creates a confirmed user with a permanent password; returns its `sub`. */
export async function createUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  user: NewUser,
): Promise<string> {
  const step = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      throw awsFailure(`${what} ${user.username}`, error);
    }
  };
  await step('AdminCreateUser', () =>
    client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        MessageAction: 'SUPPRESS',
        UserAttributes: user.email
          ? [
              { Name: 'email', Value: user.email },
              { Name: 'email_verified', Value: 'true' },
            ]
          : [],
      }),
    ),
  );
  await step('AdminSetUserPassword', () =>
    client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        Password: user.password,
        Permanent: true,
      }),
    ),
  );
  for (const group of user.groups) {
    await step(`AdminAddUserToGroup (group ${group})`, () =>
      client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          GroupName: group,
        }),
      ),
    );
  }
  let sub: string | undefined;
  await step('AdminGetUser', async () => {
    const got = await client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username }),
    );
    sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
  });
  if (sub === undefined) throw new OpsError(`Cognito returned no sub for ${user.username}`);
  return sub;
}

export async function deleteUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<void> {
  try {
    await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
  } catch (error) {
    throw awsFailure(`AdminDeleteUser ${username}`, error);
  }
}

/** USER_PASSWORD_AUTH sign-in; returns the ID token. */
export async function signInForIdToken(
  client: CognitoIdentityProviderClient,
  clientId: string,
  username: string,
  password: string,
): Promise<string> {
  let out: InitiateAuthCommandOutput;
  try {
    out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  } catch (error) {
    throw awsFailure(`InitiateAuth ${username}`, error);
  }
  const idToken = out.AuthenticationResult?.IdToken;
  if (!idToken) {
    throw new OpsError(
      `sign-in of ${username} answered the challenge ${out.ChallengeName ?? '(none)'} instead of tokens (MFA required?)`,
    );
  }
  return idToken;
}

/** The claims of a JWT we just received from Cognito (not verified: only read). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The ZEGO userId the function derives for this caller (`sub` loses its hyphens). */
export function expectedUserId(claims: Record<string, unknown>, claim = 'sub'): string {
  const value = String(claims[claim] ?? '');
  return claim === 'sub' ? value.replaceAll('-', '') : value;
}
