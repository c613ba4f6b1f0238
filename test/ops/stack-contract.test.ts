// The ops commands depend on two things the stack defines: its output names and the shape of the
// placeholder secret. Both are read here from the synthesized template, so a change to the
// stack that the commands would not follow fails this test.
import { describe, expect, it } from 'vitest';
import { isPlaceholderValue } from '../../functions/ops/secret-input.ts';
import { OUTPUTS } from '../../functions/ops/stack.ts';
import { synthesize } from '../infra/support.ts';

describe('the stack as the ops commands read it', () => {
  const { template } = synthesize();

  it('has every output the commands look up', () => {
    const outputs = Object.keys(template.toJSON().Outputs ?? {});
    for (const name of Object.values(OUTPUTS)) expect(outputs).toContain(name);
  });

  it("creates a placeholder that status and put-secret recognise, and real values they don't", () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    const generate = Object.values(secrets)[0]?.Properties?.GenerateSecretString as {
      SecretStringTemplate: string;
      GenerateStringKey: string;
      PasswordLength: number;
    };
    const placeholder = {
      ...JSON.parse(generate.SecretStringTemplate),
      [generate.GenerateStringKey]: 'x'.repeat(generate.PasswordLength),
    };
    expect(isPlaceholderValue(JSON.stringify(placeholder))).toBe(true);
    expect(isPlaceholderValue(JSON.stringify({ ...placeholder, appId: 1234567890 }))).toBe(false);
    expect(isPlaceholderValue('not json')).toBe(false);
  });
});
