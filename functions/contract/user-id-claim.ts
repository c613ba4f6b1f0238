// Which ID-token claim may become the ZEGO userId, and what it takes to keep users from editing
// it. A Cognito user may change their own attributes (UpdateUserAttributes with their access
// token, or SignUp) unless the app client's write attributes leave the attribute out; a userId
// taken from such an attribute would let one user become another.
// Shared by the CDK stack (it creates the pool and client) and the local seed (cognito-local).

/** Claims Cognito writes itself; neither users nor admins can change them. */
const FIXED_IDENTITY_CLAIMS: readonly string[] = ['sub', 'cognito:username'];

/** Cognito's standard user attributes that a client may be allowed to write (OIDC claim names). */
export const STANDARD_WRITABLE_ATTRIBUTES = [
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
] as const;

export type StandardWritableAttribute = (typeof STANDARD_WRITABLE_ATTRIBUTES)[number];

const CUSTOM_PREFIX = 'custom:';
/** Cognito limits a custom attribute's name (after `custom:`) to 1–20 characters. */
const CUSTOM_NAME = /^[A-Za-z0-9_]{1,20}$/;

export type UserIdClaimSource =
  /** `sub`, `cognito:username`: nothing to lock. */
  | { readonly kind: 'fixed' }
  /** A standard attribute: locked by leaving it out of the client's write attributes. */
  | { readonly kind: 'standard'; readonly attribute: StandardWritableAttribute }
  /** `custom:<name>`: a pool the stack creates defines it and leaves it out of write attributes. */
  | { readonly kind: 'custom'; readonly name: string }
  /** Anything else: only a pre-token-generation trigger of an existing pool could supply it. */
  | { readonly kind: 'other' };

export function userIdClaimSource(claim: string): UserIdClaimSource {
  if (FIXED_IDENTITY_CLAIMS.includes(claim)) return { kind: 'fixed' };
  const standard = STANDARD_WRITABLE_ATTRIBUTES.find((attribute) => attribute === claim);
  if (standard !== undefined) return { kind: 'standard', attribute: standard };
  if (claim.startsWith(CUSTOM_PREFIX)) {
    const name = claim.slice(CUSTOM_PREFIX.length);
    if (CUSTOM_NAME.test(name)) return { kind: 'custom', name };
  }
  return { kind: 'other' };
}

/**
 * The standard attributes an app client may write when `claim` is the userId claim: all of them
 * except the claim itself. Custom attributes are never client-writable in a pool the stack makes.
 */
export function clientWritableStandardAttributes(claim: string): StandardWritableAttribute[] {
  return STANDARD_WRITABLE_ATTRIBUTES.filter((attribute) => attribute !== claim);
}
