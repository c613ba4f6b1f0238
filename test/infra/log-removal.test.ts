// Log groups are an audit trail (who was issued which token, when): `cdk destroy` keeps them
// unless `-c logRemoval=destroy` says otherwise. Covers the function's log group and the access
// log group of either API flavour.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/contract/env.ts';
import { synthesize } from './support.ts';

function logGroupPolicies(context: Record<string, unknown>): { id: string; policy: unknown }[] {
  const { template } = synthesize(context);
  return Object.entries(template.findResources('AWS::Logs::LogGroup')).map(([id, resource]) => ({
    id,
    policy: [resource.DeletionPolicy, resource.UpdateReplacePolicy],
  }));
}

describe('log groups on cdk destroy', () => {
  it.each(['rest', 'http'])('are retained by default (%s API)', (apiType) => {
    const groups = logGroupPolicies({ apiType });
    // The function's group and the API's access log group.
    const ids = groups.map((g) => g.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContainEqual(expect.stringMatching(/AccessLogs/));
    expect(ids).toContainEqual(expect.stringMatching(/^TokenFunctionLogGroup/));
    for (const group of groups) expect(group.policy, group.id).toEqual(['Retain', 'Retain']);
  });

  it.each(['rest', 'http'])('are deleted with -c logRemoval=destroy (%s API)', (apiType) => {
    const groups = logGroupPolicies({ apiType, logRemoval: 'destroy' });
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.policy, group.id).toEqual(['Delete', 'Delete']);
  });

  it('refuses another value, naming the key', () => {
    expect(() => synthesize({ logRemoval: 'keep' })).toThrow(
      new ConfigError('logRemoval', 'expected one of retain, destroy, got "keep"', 'context'),
    );
  });
});
