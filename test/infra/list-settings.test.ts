// List-valued settings (publish groups, app client IDs, CORS origins) reach the function exactly as
// the stack uses them: a value the function's list syntax would split, or that Cognito would
// refuse, fails synth naming the context key; the binders refuse it too (naming the variable);
// and whatever passes is read back by the function as the same items.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, FUNCTION_ENV, listVariableValue } from '../../functions/contract/env.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { type ContextKey, readTokenServiceConfig } from '../../infra/config.ts';
import { configError, synthesize } from './support.ts';

/** The function's literal environment variables (tokens such as the secret's Ref left out). */
function functionEnv(template: ReturnType<typeof synthesize>['template']): Record<string, string> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as {
    Properties: { Environment: { Variables: Record<string, unknown> } };
  }[];
  const variables = Object.entries(fn?.Properties.Environment.Variables ?? {});
  return Object.fromEntries(
    variables.filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function cognitoGroups(template: ReturnType<typeof synthesize>['template']): string[] {
  return Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
    (group) => (group as { Properties: { GroupName: string } }).Properties.GroupName,
  );
}

describe('a list item the function would split', () => {
  it.each([
    ['publishGroups', ['x,publishers']],
    ['allowedClientIds', ['abc,def']],
    ['corsOrigins', ['https://a.example.com,https://b.example.com']],
  ] as const)('fails synth for %s %j, naming the key', (key, value) => {
    const error = configError(() => synthesize({ [key]: value }));
    expect(error.key).toBe(key);
    expect(error.message).toContain(`Invalid context "${key}"`);
    expect(error.message).toContain('contains ","');
  });

  it('never becomes a Cognito group the function reads as two groups', async () => {
    // Before: one group "x,publishers" was created while the function read groups x and
    // publishers, so members of an unrelated group x could publish.
    expect(() => synthesize({ publishGroups: ['hosts', 'x,publishers'] })).toThrow(ConfigError);
    const { template } = synthesize({ publishGroups: ['hosts', 'x;publishers'] });
    expect(cognitoGroups(template).sort()).toEqual(['hosts', 'x;publishers']);
    const env = functionEnv(template);
    const { publishGroups } = await readHandlerConfig(env);
    expect([...publishGroups].sort()).toEqual(['hosts', 'x;publishers']);
  });

  it('is refused by the binders too, naming the variable', () => {
    const { stack } = synthesize({ publishGroups: 'hosts' });
    const policy = readTokenServiceConfig(() => undefined).policy;
    const groups = configError(() =>
      stack.service.function.enforceTokenPolicy({ ...policy, publishGroups: ['x,publishers'] }, []),
    );
    expect(groups.variable).toBe(FUNCTION_ENV.publishGroups);
    const clients = configError(() =>
      stack.service.function.enforceTokenPolicy(policy, ['client1', 'not a client']),
    );
    expect(clients.variable).toBe(FUNCTION_ENV.allowedClientIds);
    const origins = configError(() =>
      stack.service.function.allowCorsOrigins(['https://a.example.com,https://b.example.com']),
    );
    expect(origins.variable).toBe(FUNCTION_ENV.corsOrigins);
  });
});

describe("Cognito's own rules", () => {
  it.each([
    ['publishGroups', 'my group', /not a Cognito group name/],
    ['publishGroups', ['g'.repeat(129)], /not a Cognito group name/],
    ['publishGroups', ['tab\there'], /not a Cognito group name/],
    ['allowedClientIds', 'client-1', /not a Cognito app client ID/],
    ['corsOrigins', 'https://app.example.com/', /not an origin/],
  ] as const)('fail synth for %s %j, naming the key', (key, value, message) => {
    const error = configError(() => synthesize({ [key]: value }));
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
  });
});

describe('what passes synth', () => {
  // Group names from Cognito's character classes, commas and spaces included as candidates.
  const groupChar = fc.constantFrom('a', 'Z', '9', 'é', '-', '_', ',', ' ', ';', '+', '€', '\t');
  const groupName = fc.string({ unit: groupChar, minLength: 0, maxLength: 8 });

  it('is read back by the function as exactly the same items (or is refused)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(groupName, { maxLength: 4 }), async (groups) => {
        const context: Partial<Record<ContextKey, unknown>> = { publishGroups: groups };
        // Refused exactly when an item (trimmed, non-empty) has a comma or inner white space.
        const unusable = groups.some((g) => /[,\s]/.test(g.trim()));
        let configured: readonly string[];
        try {
          configured = readTokenServiceConfig((key) => context[key]).policy.publishGroups;
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).key).toBe('publishGroups');
          expect(unusable).toBe(true);
          return;
        }
        expect(unusable).toBe(false);
        const value = listVariableValue(FUNCTION_ENV.publishGroups, 'publishGroups', configured);
        const { publishGroups: read } = await readHandlerConfig({
          [FUNCTION_ENV.publishGroups]: value,
        });
        expect([...read].sort()).toEqual([...new Set(configured)].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('sets the same lists on the function as it creates in Cognito and the HTTP API', async () => {
    const { template } = synthesize({
      apiType: 'http',
      publishGroups: ['hosts', 'mods'],
      allowedClientIds: 'client1,client2',
      corsOrigins: ['https://app.example.com'],
    });
    const env = functionEnv(template);
    const handler = await readHandlerConfig(env);
    expect([...handler.publishGroups]).toEqual(cognitoGroups(template));
    expect([...handler.allowedClientIds]).toEqual(['client1', 'client2']);
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer')) as {
      Properties: { JwtConfiguration: { Audience: string[] } };
    }[];
    expect(authorizer?.Properties.JwtConfiguration.Audience).toEqual(['client1', 'client2']);
    expect([...handler.cors.origins]).toEqual(['https://app.example.com']);
  });
});
