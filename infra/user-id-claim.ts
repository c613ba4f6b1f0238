// Keeps users from editing the claim their ZEGO userId comes from (functions/contract/user-id-claim.ts
// says which claims are fixed, standard or custom attributes). A pool the stack creates gets an
// app client whose write attributes leave the claim out; a claim it cannot lock fails synth; an
// app client that may write the claim, or that cannot be checked, gets a warning.

import { Annotations, Token } from 'aws-cdk-lib';
import {
  CfnUserPoolClient,
  ClientAttributes,
  type ICustomAttribute,
  type IUserPoolClient,
  type StandardAttributesMask,
  StringAttribute,
} from 'aws-cdk-lib/aws-cognito';
import type { IConstruct } from 'constructs';
import {
  clientWritableStandardAttributes,
  type StandardWritableAttribute,
  userIdClaimSource,
} from '../functions/contract/user-id-claim.ts';

/** Attributes every user of a created pool must have; Cognito requires them to stay writable. */
export const CREATED_POOL_REQUIRED_ATTRIBUTES: readonly StandardWritableAttribute[] = ['email'];

const MASK_KEY: Record<StandardWritableAttribute, keyof StandardAttributesMask> = {
  address: 'address',
  birthdate: 'birthdate',
  email: 'email',
  family_name: 'familyName',
  gender: 'gender',
  given_name: 'givenName',
  locale: 'locale',
  middle_name: 'middleName',
  name: 'fullname',
  nickname: 'nickname',
  phone_number: 'phoneNumber',
  picture: 'profilePicture',
  preferred_username: 'preferredUsername',
  profile: 'profilePage',
  updated_at: 'lastUpdateTime',
  website: 'website',
  zoneinfo: 'timezone',
};

/**
 * Why a pool the stack creates cannot carry `claim` as a userId users cannot edit, or undefined
 * when it can. Checked when the configuration is read, so `cdk synth` fails naming the key.
 */
export function createdPoolClaimProblem(claim: string): string | undefined {
  const source = userIdClaimSource(claim);
  if (source.kind === 'other') {
    return (
      'a pool the stack creates never puts this claim in ID tokens from a user attribute; use ' +
      'sub (the default), cognito:username, a standard attribute such as preferred_username, or ' +
      'custom:<name> (1-20 letters, digits or _; the stack creates it, read-only for the app client)'
    );
  }
  if (source.kind === 'standard' && CREATED_POOL_REQUIRED_ATTRIBUTES.includes(source.attribute)) {
    return (
      `${claim} is required in the pool the stack creates, and Cognito keeps required attributes ` +
      'writable by the app client, so users could change their own userId; use sub (the ' +
      'default), cognito:username or custom:<name>'
    );
  }
  return undefined;
}

/** The app client's write attributes: every standard attribute except the userId claim. */
export function appClientWriteAttributes(claim: string): ClientAttributes {
  const mask: StandardAttributesMask = Object.fromEntries(
    clientWritableStandardAttributes(claim).map((attribute) => [MASK_KEY[attribute], true]),
  );
  return new ClientAttributes().withStandardAttributes(mask);
}

/** The custom attribute a created pool defines for a `custom:<name>` claim (admins set it). */
export function userIdCustomAttributes(
  claim: string,
  maxBytes: number,
): Record<string, ICustomAttribute> {
  const source = userIdClaimSource(claim);
  if (source.kind !== 'custom') return {};
  return { [source.name]: new StringAttribute({ minLen: 1, maxLen: maxBytes, mutable: true }) };
}

/** The user attribute a claim comes from, as app client write attributes name it. */
function claimAttribute(claim: string): string | undefined {
  const source = userIdClaimSource(claim);
  if (source.kind === 'standard') return source.attribute;
  if (source.kind === 'custom') return `custom:${source.name}`;
  return undefined;
}

/**
 * Whether a user signed in through `client` might change the claim on themselves: unless the
 * client is defined in this app with explicit write attributes that leave the claim's attribute
 * out, it cannot be ruled out at synth.
 */
function mayWriteClaim(client: IUserPoolClient, claim: string): boolean {
  const attribute = claimAttribute(claim);
  const resource = client.node.defaultChild;
  if (attribute === undefined || !(resource instanceof CfnUserPoolClient)) return true;
  const writable = resource.writeAttributes;
  // No write attributes: Cognito lets the client write every attribute.
  if (writable === undefined || Token.isUnresolved(writable)) return true;
  return writable.includes(attribute);
}

/** A client's ID when known at synth, else its construct path. */
function clientName(client: IUserPoolClient): string {
  const id = client.userPoolClientId;
  return Token.isUnresolved(id) ? client.node.path : id;
}

/**
 * A claim that comes from a user attribute is the userId only as long as users cannot edit it:
 * says so at synth (a warning on `scope`) when an allowed app client may write it or cannot be
 * checked (imported by ID). The fixed claims (sub, cognito:username) need no check.
 */
export function warnIfClaimUnlocked(
  scope: IConstruct,
  claim: string,
  clients: readonly IUserPoolClient[],
): void {
  if (userIdClaimSource(claim).kind === 'fixed') return;
  const unlocked = clients.filter((client) => mayWriteClaim(client, claim));
  if (unlocked.length === 0) return;
  Annotations.of(scope).addWarningV2(
    'zego:userIdClaimWritable',
    `userIdClaim "${claim}" comes from a user attribute. Unless the app client's write ` +
      'attributes leave it out, a user can change it on themselves and sign in as another ZEGO ' +
      `userId; not verified for app client(s) ${unlocked.map(clientName).join(', ')}. ` +
      'Check: aws cognito-idp describe-user-pool-client (WriteAttributes).',
  );
}
