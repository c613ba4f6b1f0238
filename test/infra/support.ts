// Shared helpers for the infra tests: an App with exactly cdk.json's context (feature flags), the
// stack built from CDK context like `cdk synth` builds it, and cdk-nag run directly on the
// construct tree.
import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';
import { ConfigError } from '../../functions/contract/env.ts';
import { buildTokenServiceApp } from '../../infra/build-app.ts';
import type { TokenServiceStack } from '../../infra/token-service-stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

/** cdk.json as committed (the app command and the feature flags `cdk synth` uses). */
export const CDK_JSON = cdkJson;

/**
 * The feature flags in cdk.json. Only flags: deployment settings someone keeps in cdk.json's
 * context must not leak into the tests' configurations.
 */
export const CDK_JSON_FLAGS: Record<string, unknown> = Object.fromEntries(
  Object.entries(cdkJson.context).filter(([key]) => key.startsWith('@aws-cdk')),
);

/**
 * An App with cdk.json's feature flags and the given context keys. The function's code is the
 * bundle the test setup built (test/support/global-setup.ts), staged as `cdk synth` stages it.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { ...CDK_JSON_FLAGS, ...context },
  });
}

export interface Synthesized {
  readonly app: App;
  readonly stack: TokenServiceStack;
  readonly template: Template;
}

export interface SynthesizeOptions {
  /**
   * Run CDK's built-in CloudFormation template validation (on in `cdk synth`). Its engine costs
   * several seconds to start in every test worker, so only the app-wiring test turns it on.
   */
  readonly cfnValidation?: boolean;
}

/** Builds the app the way infra/app.ts does (config from context, cdk-nag plugin) and synthesizes. */
export function synthesize(
  context: Record<string, unknown> = {},
  options: SynthesizeOptions = {},
): Synthesized {
  const app = testApp(context);
  const stack = buildTokenServiceApp(app);
  // Template.fromStack synthesizes the app, which runs the validation plugins (cdk-nag included).
  const template =
    options.cfnValidation === true
      ? Template.fromStack(stack)
      : withoutCfnValidation(() => Template.fromStack(stack));
  return { app, stack, template };
}

/** The ConfigError `run` throws (any other error is rethrown; none fails the test). */
export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Runs `fn` with CDK's built-in CloudFormation validation off (cdk-nag still runs). */
export function withoutCfnValidation<T>(fn: () => T): T {
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
  }
}

/**
 * cdk-nag AWS Solutions findings as sorted "path rule" strings: those not acknowledged, or with
 * `raw` every finding cdk-nag would report if no acknowledgement existed.
 */
export function nagViolations(scope: IConstruct, { raw = false } = {}): string[] {
  const checks = new AwsSolutionsChecks();
  // cdk-nag consults acknowledgements in a private method; neutralise it to see raw findings.
  if (raw) Reflect.set(checks, 'isAcknowledged', () => false);
  return checks
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`))
    .sort();
}

export interface AcknowledgementRecord {
  readonly path: string;
  readonly id: string;
  readonly reason: unknown;
}

/** Every acknowledgement recorded with Validations.of(...).acknowledge() in the tree. */
export function acknowledgements(scope: IConstruct): AcknowledgementRecord[] {
  const records: AcknowledgementRecord[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        records.push({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return records;
}

/** The single resource of a type, with its logical ID. */
export function onlyResource(
  template: Template,
  type: string,
): { id: string; resource: { Properties: Record<string, unknown>; [k: string]: unknown } } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, resource };
}

/** No finding is left, and every acknowledgement is a real one (expectAcknowledgementsUsed). */
export function expectNagClean(scope: IConstruct): void {
  expect(nagViolations(scope)).toEqual([]);
  expectAcknowledgementsUsed(scope, acknowledgements(scope));
}

/**
 * Each of `acks` (acknowledgements in `scope`) carries a real reason and silences a finding
 * cdk-nag actually raises on that construct or below: no blanket or stale acknowledgements.
 */
export function expectAcknowledgementsUsed(
  scope: IConstruct,
  acks: readonly AcknowledgementRecord[],
): void {
  const raw = nagViolations(scope, { raw: true });
  for (const ack of acks) {
    expect(typeof ack.reason === 'string' && ack.reason.trim().length >= 20, ack.id).toBe(true);
    const silenced = raw.filter(
      (finding) =>
        (finding.startsWith(`${ack.path}/`) || finding.startsWith(`${ack.path} `)) &&
        finding.endsWith(` ${ack.id}`),
    );
    expect(silenced.length, `${ack.path} ${ack.id} silences nothing`).toBeGreaterThan(0);
  }
}

/** The statement active X-Ray tracing adds to a function's role: the only "*" it may hold. */
export const XRAY_STATEMENT = {
  Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
  Effect: 'Allow',
  Resource: '*',
};

/**
 * A policy document's statements other than X-Ray's, after checking X-Ray's is there exactly
 * once and exactly as expected (its actions take no resource-level permissions).
 */
export function withoutXrayStatement<T extends { Statement: unknown[] }>(document: T): T {
  const xray = document.Statement.filter((st) =>
    JSON.stringify(st).includes('"xray:PutTraceSegments"'),
  );
  expect(xray).toEqual([XRAY_STATEMENT]);
  return { ...document, Statement: document.Statement.filter((st) => !xray.includes(st)) };
}
