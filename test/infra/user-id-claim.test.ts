// The userId claim cannot be written by the user it identifies: a pool the stack creates gets an
// app client with explicit write attributes that leave the claim out (and the custom attribute it
// names), a claim the stack cannot lock fails synth, and an imported pool gets a synth warning.
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { configError, expectNagClean, onlyResource, synthesize } from './support.ts';

// Cognito's standard attributes a client can be allowed to write, written out independently of
// the contract module so that a change there shows up here.
const STANDARD = [
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
];

function writeAttributes(context: Record<string, unknown>): string[] {
  const { template } = synthesize(context);
  const client = onlyResource(template, 'AWS::Cognito::UserPoolClient');
  return [...(client.resource.Properties.WriteAttributes as string[])].sort();
}

describe('created pool', () => {
  it('default claim sub: explicit write attributes, the standard ones', () => {
    expect(writeAttributes({})).toEqual([...STANDARD].sort());
  });

  it('a standard attribute as the claim is left out of the write attributes', () => {
    const written = writeAttributes({ userIdClaim: 'preferred_username' });
    expect(written).not.toContain('preferred_username');
    expect(written).toEqual(STANDARD.filter((a) => a !== 'preferred_username').sort());
  });

  it('custom:<name> is created in the pool, and the app client cannot write it', () => {
    const s = synthesize({ userIdClaim: 'custom:zego_id', userIdMaxBytes: '32' });
    const pool = onlyResource(s.template, 'AWS::Cognito::UserPool');
    expect(pool.resource.Properties.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Name: 'zego_id',
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MinLength: '1', MaxLength: '32' },
        }),
      ]),
    );
    const client = onlyResource(s.template, 'AWS::Cognito::UserPoolClient');
    const written = client.resource.Properties.WriteAttributes as string[];
    expect(written).not.toContain('custom:zego_id');
    expect([...written].sort()).toEqual([...STANDARD].sort());
    expect(
      s.template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { ZEGO_USER_ID_CLAIM: 'custom:zego_id' } } },
      }),
    ).not.toEqual({});
    expectNagClean(s.stack);
  });

  it('email (required, so Cognito keeps it client-writable) is refused at synth', () => {
    const error = configError(() => synthesize({ userIdClaim: 'email' }));
    expect(error.key).toBe('userIdClaim');
    expect(error.message).toMatch(/required/);
    expect(error.message).toMatch(/custom:<name>/);
  });

  it.each(['identities', 'custom:zego-id', 'custom:a_name_that_is_far_too_long', 'aud'])(
    'a claim a created pool never fills from an attribute (%s) is refused at synth',
    (claim) => {
      const error = configError(() => synthesize({ userIdClaim: claim }));
      expect(error.key).toBe('userIdClaim');
      expect(error.message).toContain(claim);
    },
  );
});

describe('imported pool', () => {
  const imported = { userPoolId: 'eu-west-1_AbCdEf123', userPoolClientId: '4abc5def6ghi7jkl8mno' };

  it('a user attribute claim synthesizes with a warning naming the claim', () => {
    const s = synthesize({ ...imported, userIdClaim: 'custom:zego_id' });
    Annotations.fromStack(s.stack).hasWarning(
      '*',
      Match.stringLikeRegexp('userIdClaim "custom:zego_id".*write attributes'),
    );
  });

  it('the default claim (sub) synthesizes without that warning', () => {
    const s = synthesize(imported);
    Annotations.fromStack(s.stack).hasNoWarning('*', Match.stringLikeRegexp('userIdClaim'));
  });
});
