// Helpers of test/packages/construct-consumer.test.ts: commands run in the team's app with nothing
// of this repository on their PATH, and readers of the app's synthesized templates.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);
export const ROOT = new URL('../..', import.meta.url).pathname;
const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/** The repository's locked version of a package, so the app is what CI tested against. */
export function lockedVersion(name: string): string {
  const manifest = requireFromRoot.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * The environment of the app's commands: without npm's per-run settings (npm test sets them) and
 * without this repository's node_modules/.bin, so nothing of the repository leaks into the app.
 */
function appEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.startsWith(ROOT))
    .join(delimiter);
  return { ...env, CDK_DISABLE_CLI_TELEMETRY: 'true', NO_UPDATE_NOTIFIER: '1' };
}

export async function sh(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      cwd,
      env: appEnv(),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
  }
}

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: unknown;
}
export type Resources = Record<string, Resource>;

export function ofType(resources: Resources, type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

export function only(resources: Resources, type: string): [string, Resource] {
  const found = ofType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, Resource];
}

/** The function's role policy, less X-Ray's and its own log group's statements. */
export function secretStatements(resources: Resources): unknown[] {
  const [, fn] = only(resources, 'AWS::Lambda::Function');
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const policies = ofType(resources, 'AWS::IAM::Policy').filter(([, p]) =>
    JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
  );
  expect(policies).toHaveLength(1);
  const [, policy] = policies[0] as [string, Resource];
  const statements = (policy.Properties.PolicyDocument as { Statement: { Action: unknown }[] })
    .Statement;
  return statements.filter((st) => {
    const action = JSON.stringify(st.Action);
    return !action.includes('xray:') && !action.includes('logs:');
  });
}

/** The team's resources are in the stack with the construct exactly as in the stack without it. */
export function expectTeamResourcesUntouched(baseline: Resources, withService: Resources): void {
  for (const [id, resource] of Object.entries(baseline)) {
    if (resource.Type === 'AWS::ApiGateway::Deployment') continue;
    if (resource.Type === 'AWS::ApiGateway::Stage') {
      const { DeploymentId: _before, ...before } = resource.Properties;
      const { DeploymentId: _after, ...after } = withService[id]?.Properties ?? {};
      expect(after, id).toEqual(before);
      continue;
    }
    expect(withService[id], id).toEqual(resource);
  }
}

export function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) copyFileSync(join(from, name), join(to, name));
}
