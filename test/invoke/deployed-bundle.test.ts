// End to end: the bundle `cdk synth` builds, invoked on Node 24 with the template's environment
// (invokeFunction, the code path of `npm run invoke`), its tokens decoded with the core's decoder.
// One synth of cdk.out (none when it is fresh, as in CI) and one with policy context, shared by
// every test here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '#core';
import { buildEvent, invokeFunction } from '#invoke';
import { ensureAssembly, PROJECT_ROOT } from '../../functions/invoke/assembly.ts';
import { findLambdaNode } from '../../functions/invoke/lambda-node.ts';

const SECRET = { appId: 987654321, serverSecret: '9b74c9897bac770ffc029102a200c5de' };
const SUB = '3f2a9c1e-7b4d-4e8a-9c2f-1d5e6a7b8c9d';
const USER_ID = '3f2a9c1e7b4d4e8a9c2f1d5e6a7b8c9d';
/** A stack where only `publishers` may publish and tokens live at most two minutes. */
const POLICY = { publishGroups: 'publishers', maxTtlSeconds: '120' };
const PUBLISH_R1 = JSON.stringify({ roomId: 'r1', privileges: { publishStream: true } });

function sampleEvent(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../events/${name}`, import.meta.url), 'utf8'));
}

function tokenOf(body: unknown): string {
  const token = (body as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string') throw new Error('no token in the answer');
  return token;
}

beforeAll(async () => {
  // One after the other: each synth builds the handler bundle into infra/dist first.
  await ensureAssembly();
  await ensureAssembly({ context: POLICY });
}, 240_000);

describe('the synthesized bundle, invoked as deployed', () => {
  it('issues a publisher a token for r1 that decodes to the sub without hyphens', async () => {
    const outcome = await invokeFunction(sampleEvent('rest-publisher-room.json'), {
      secret: SECRET,
    });
    expect(outcome.status).toBe('returned');
    expect(outcome.response?.statusCode).toBe(200);
    const token = decodeToken(tokenOf(outcome.response?.json), SECRET.serverSecret);
    expect(token).toMatchObject({ version: '04', appId: SECRET.appId, userId: USER_ID });
    expect(token.privilege).toEqual({
      roomId: 'r1',
      loginRoom: true,
      publishStream: true,
      streamIds: null,
    });
    expect(token.expiresAt - token.issuedAt).toBe(3600);
  });

  it('answers the HTTP API form too', async () => {
    const outcome = await invokeFunction(sampleEvent('http-basic.json'), { secret: SECRET });
    expect(outcome.response?.statusCode).toBe(200);
    const token = decodeToken(tokenOf(outcome.response?.json), SECRET.serverSecret);
    expect(token).toMatchObject({ userId: USER_ID, payload: '', privilege: null });
    expect(outcome.stderr).toContain(
      'invoke: this is an HTTP API (v2) event; the stack deploys a REST API',
    );
  });

  it('answers 401 unauthenticated to an event without claims', async () => {
    const outcome = await invokeFunction(sampleEvent('no-claims.json'), { secret: SECRET });
    expect(outcome.status).toBe('returned');
    expect(outcome.response?.statusCode).toBe(401);
    expect(outcome.response?.headers['WWW-Authenticate']).toBe('Bearer');
    expect(outcome.response?.json).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('runs on Node 24 and reports INIT_START, the function log, END and REPORT on stderr', async () => {
    const outcome = await invokeFunction(buildEvent({ sub: SUB }), { secret: SECRET });
    const version = findLambdaNode().version;
    expect(version).toMatch(/^v24\./);
    expect(outcome.node.version).toBe(version);
    const lines = outcome.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`INIT_START Runtime Version: nodejs:24 (node ${version})`);
    expect(lines[1]).toBe(`START RequestId: ${outcome.requestId} Version: $LATEST`);
    const issued = lines.find((line) => line.includes('"message":"token issued"'));
    expect(JSON.parse(issued ?? '{}')).toMatchObject({
      level: 'INFO',
      function_request_id: outcome.requestId,
      userId: USER_ID,
      cold_start: true,
    });
    expect(lines.at(-2)).toBe(`END RequestId: ${outcome.requestId}`);
    expect(lines.at(-1)).toMatch(
      /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms$/,
    );
    expect(outcome.report.initDurationMs).toBeGreaterThan(0);
  });

  it('follows the context: with publishGroups only the group may publish', async () => {
    const member = await invokeFunction(
      buildEvent({ sub: SUB, groups: ['publishers'], body: PUBLISH_R1 }),
      { secret: SECRET, context: POLICY },
    );
    expect(member.response?.statusCode).toBe(200);
    const other = await invokeFunction(buildEvent({ sub: SUB, body: PUBLISH_R1 }), {
      secret: SECRET,
      context: POLICY,
    });
    expect(other.response?.statusCode).toBe(403);
    expect(other.response?.json).toMatchObject({ code: 'privilege_denied' });
  });

  it('follows the context: maxTtlSeconds=120 refuses the hour the default stack grants', async () => {
    const hour = buildEvent({ sub: SUB, body: JSON.stringify({ ttlSeconds: 3600 }) });
    const asDeployed = await invokeFunction(hour, { secret: SECRET });
    expect(asDeployed.response?.statusCode).toBe(200);
    const limited = await invokeFunction(hour, { secret: SECRET, context: POLICY });
    expect(limited.response?.statusCode).toBe(400);
    expect(limited.response?.json).toMatchObject({ code: 'invalid_ttl' });
    const twoMinutes = buildEvent({ sub: SUB, body: JSON.stringify({ ttlSeconds: 120 }) });
    const allowed = await invokeFunction(twoMinutes, { secret: SECRET, context: POLICY });
    const token = decodeToken(tokenOf(allowed.response?.json), SECRET.serverSecret);
    expect(token.expiresAt - token.issuedAt).toBe(120);
  });

  it('works as a pipe from the command line, and never prints the secret', () => {
    const event = `npm run -s invoke -- event --sub ${SUB} --groups publishers --body '${PUBLISH_R1}'`;
    const run = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; ${event} | npm run -s invoke -- --event - -c publishGroups=publishers -c maxTtlSeconds=120`,
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          ZEGO_APP_ID: String(SECRET.appId),
          ZEGO_SERVER_SECRET: SECRET.serverSecret,
        },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    const token = decodeToken(tokenOf(JSON.parse(result.body)), SECRET.serverSecret);
    expect(token).toMatchObject({
      userId: USER_ID,
      privilege: { roomId: 'r1', publishStream: true },
    });
    expect(token.expiresAt - token.issuedAt).toBe(120);
    expect(run.stderr).toMatch(/^INIT_START Runtime Version: nodejs:24 \(node v24\./m);
    expect(run.stderr).toMatch(/^REPORT RequestId: .*\tInit Duration: [\d.]+ ms$/m);
    expect(run.stdout).not.toContain(SECRET.serverSecret);
    expect(run.stderr).not.toContain(SECRET.serverSecret);
  });
});
