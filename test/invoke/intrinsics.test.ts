// Template values → local stand-ins (functions/invoke/intrinsics.ts).
import { describe, expect, it } from 'vitest';
import type { Template } from '../../functions/invoke/assembly.ts';
import { IntrinsicResolver } from '../../functions/invoke/intrinsics.ts';
import { LOCAL_APP_CLIENT_ID } from '../../functions/invoke/local-aws.ts';

const template: Template = {
  Parameters: { Stage: { Default: 'prod' }, NoDefault: {} },
  Resources: {
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'prod/zego' } },
    Pool: { Type: 'AWS::Cognito::UserPool' },
    Client: { Type: 'AWS::Cognito::UserPoolClient' },
    Table: { Type: 'AWS::DynamoDB::Table' },
  },
};

function resolver() {
  const notes: string[] = [];
  const r = new IntrinsicResolver({
    region: 'eu-west-1',
    accountId: '123456789012',
    stackName: 'Stack',
    template,
    note: (line) => notes.push(line),
  });
  return { r, notes };
}

describe('intrinsic functions, locally', () => {
  it('turns the stack secret into one stable ARN of its name, Ref or GetAtt alike', () => {
    const { r } = resolver();
    const arn = r.text({ Ref: 'Secret' }, 'A');
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod\/zego-[0-9a-f]{6}$/,
    );
    expect(r.text({ 'Fn::GetAtt': ['Secret', 'Id'] }, 'B')).toBe(arn);
  });

  it('turns the app client and the user pool into the local stand-ins', () => {
    const { r } = resolver();
    expect(r.text({ Ref: 'Client' }, 'A')).toBe(LOCAL_APP_CLIENT_ID);
    expect(r.text({ 'Fn::GetAtt': ['Client', 'ClientId'] }, 'A')).toBe(LOCAL_APP_CLIENT_ID);
    expect(r.text({ Ref: 'Pool' }, 'A')).toBe('eu-west-1_LocalPool');
    expect(r.text({ 'Fn::GetAtt': 'Pool.ProviderURL' }, 'A')).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_LocalPool',
    );
  });

  it('evaluates Join, Sub, Select, Split, parameters and pseudo parameters', () => {
    const { r } = resolver();
    // CloudFormation's Fn::Sub placeholders, written as the template writes them.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not JavaScript's
    const withVariables = '${AWS::Region}/${Stage}/${x}/${!Literal}';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not JavaScript's
    const pseudo = 'arn:${AWS::Partition}:x:${AWS::AccountId}';
    expect(r.text({ 'Fn::Join': [',', ['a', { Ref: 'Client' }]] }, 'A')).toBe(
      `a,${LOCAL_APP_CLIENT_ID}`,
    );
    expect(r.text({ 'Fn::Sub': [withVariables, { x: 'y' }] }, 'A')).toBe(
      `eu-west-1/prod/y/${'$'}{Literal}`,
    );
    expect(r.text({ 'Fn::Select': [1, { 'Fn::Split': ['|', 'a|b|c'] }] }, 'A')).toBe('b');
    expect(r.text({ 'Fn::Sub': pseudo }, 'A')).toBe('arn:aws:x:123456789012');
  });

  it('stands "local-<id>" in for other resources and says so once', () => {
    const { r, notes } = resolver();
    expect(r.text({ Ref: 'Table' }, 'TABLE')).toBe('local-Table');
    expect(r.text({ Ref: 'Table' }, 'TABLE')).toBe('local-Table');
    expect(notes).toEqual([
      'TABLE: Table (AWS::DynamoDB::Table) has no local stand-in; set to "local-Table" (override with --env)',
    ]);
  });

  it('refuses what has no local meaning, naming the variable', () => {
    const { r } = resolver();
    expect(() => r.text({ 'Fn::ImportValue': 'x' }, 'V')).toThrow(
      'V: Fn::ImportValue has no local equivalent',
    );
    expect(() => r.text({ Ref: 'NoDefault' }, 'V')).toThrow(
      'V: parameter NoDefault has no default',
    );
    expect(() => r.text({ Ref: 'Missing' }, 'V')).toThrow('V: no resource Missing');
  });
});
