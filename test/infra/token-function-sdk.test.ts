// The deployed bundle (infra/dist/handler, built by the test setup as infra/app.ts builds it
// before `cdk synth`) with the parts of the SDK it leaves out or replaces (infra/bundling.ts
// HANDLER_BUNDLE_ALIASES, built-ins through require, the room-pattern engine on demand), run as
// Lambda runs it: a fresh Node 24 process, the execution role's credentials in the environment,
// the real SDK client calling the local Secrets Manager stand-in over HTTP. What it sends is
// checked as Secrets Manager would check it (the SigV4 signature recomputed independently), and
// throttling, 5xx answers, timeouts and a failed refresh are handled as the unbundled client
// handles them (test/secrets/secrets-manager-endpoint.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseUserAgent } from '../../functions/commons/bundle/no-bowser.ts';
import { Crc32Node } from '../../functions/commons/bundle/no-crc32.ts';
import { EventStreamSerde } from '../../functions/commons/bundle/no-event-streams.ts';
import {
  fileIntercept,
  readFile as readSharedConfigFile,
} from '../../functions/commons/bundle/no-shared-config-files.ts';
import { findLambdaNode } from '../../functions/invoke/lambda-node.ts';
import { handlerBundleDir } from '../../infra/constructs/handler-bundle-dir.ts';
import { initLoadedFiles, PROJECT_ROOT, replacePackageFiles } from '../../infra/handler-bundle.ts';
import { restEvent } from '../support/api-gateway-events.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { openToken } from '../support/open-token.ts';
import { checkSigV4 } from '../support/sigv4.ts';
import {
  type BundleRun,
  type BundleStep,
  bundleCode,
  runBundle as runShared,
} from './run-bundle.ts';

const SECRET = '9c1e5f0a7b3d4e2f8a6c0b1d2e3f4a5b';
const SECRET_VALUE = JSON.stringify({ appId: 515151515, serverSecret: SECRET });
const ROLE = {
  AWS_ACCESS_KEY_ID: 'ASIAROLEFROMLAMBDA01',
  AWS_SECRET_ACCESS_KEY: 'role/secret/access/key/of/the/function0',
  AWS_SESSION_TOKEN: 'session-token-of-the-execution-role',
};
const BUNDLE_DIR = handlerBundleDir(false);
const CRC32_NODE = '@smithy/core/dist-es/submodules/checksum/crc32/Crc32Node.js';
const NODE = findLambdaNode().path;

let fake: FakeSecretsManager;
let home: string;

beforeAll(async () => {
  fake = await startFakeSecretsManager({ secretName: 'zego/app' });
  home = mkdtempSync(join(tmpdir(), 'zego-sdk-bundle-'));
});
afterAll(async () => {
  await fake?.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset(SECRET_VALUE);
});

/** Runs the steps in a fresh Node 24 process; `env` adds variables (undefined: leaves one out). */
function runBundle(steps: BundleStep[], env: Record<string, string | undefined> = {}) {
  return runShared({
    node: NODE,
    bundleDir: BUNDLE_DIR,
    steps,
    env: {
      HOME: home,
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
      ZEGO_SECRET_ID: 'zego/app',
      POWERTOOLS_SERVICE_NAME: 'zego-token',
      POWERTOOLS_METRICS_NAMESPACE: 'ZegoToken',
      ...ROLE,
      ...env,
    },
  });
}

const tokenEvent = (roomId = 'room-1') =>
  restEvent({ body: JSON.stringify({ roomId, privileges: { loginRoom: true } }) });

function logged(run: BundleRun, message: string): Record<string, unknown> | undefined {
  return run.logs.find((line) => line.message === message);
}

describe('the deployed bundle calling Secrets Manager', () => {
  it('signs GetSecretValue with the role credentials (SigV4 recomputed) over JSON 1.1', async () => {
    const run = await runBundle([{ event: tokenEvent() }]);
    expect(run.answers[0]?.statusCode).toBe(200);
    const { token } = JSON.parse(run.answers[0]?.body ?? '{}') as { token: string };
    expect(openToken(token, SECRET).plaintext.app_id).toBe(515151515);

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0];
    if (call === undefined) throw new Error('no call');
    expect(call.method).toBe('POST');
    expect(call.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(call.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(call.body)).toEqual({ SecretId: 'zego/app' });
    expect(call.headers['x-amz-security-token']).toBe(ROLE.AWS_SESSION_TOKEN);
    // The SDK's user agent, whole: SDK, OS, language, Node version, service.
    expect(call.headers['user-agent']).toMatch(
      /^aws-sdk-js\/\d+\.\d+\.\d+ ua\/2\.1 os\/linux#\S+ lang\/js md\/nodejs#24\.\d+\.\d+ api\/secrets-manager#\d+\.\d+\.\d+ /,
    );

    const signature = checkSigV4(call, ROLE.AWS_SECRET_ACCESS_KEY);
    expect(signature).toMatchObject({
      accessKeyId: ROLE.AWS_ACCESS_KEY_ID,
      region: 'eu-west-1',
      service: 'secretsmanager',
      valid: true,
    });
    expect(signature.signedHeaders).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target', 'x-amz-security-token']),
    );
    // The same check fails with another key: it does verify.
    expect(checkSigV4(call, 'another/secret/key').valid).toBe(false);
  });

  it('retries one throttled answer, and one 5xx answer', async () => {
    fake.inject({ kind: 'throttle' });
    const throttled = await runBundle([{ event: tokenEvent() }]);
    expect(throttled.answers[0]?.statusCode).toBe(200);
    expect(fake.calls).toHaveLength(2);

    fake.reset(SECRET_VALUE);
    fake.inject({ kind: 'server-error', status: 503 });
    const failedOnce = await runBundle([{ event: tokenEvent() }]);
    expect(failedOnce.answers[0]?.statusCode).toBe(200);
    expect(fake.calls).toHaveLength(2);
    // Each attempt is signed anew and verifies.
    for (const call of fake.calls)
      expect(checkSigV4(call, ROLE.AWS_SECRET_ACCESS_KEY).valid).toBe(true);
  });

  it('answers 503 secret_unavailable with Retry-After after two throttled answers', async () => {
    fake.inject({ kind: 'throttle' }, { kind: 'throttle' });
    const run = await runBundle([{ event: tokenEvent() }]);
    expect(run.answers[0]?.statusCode).toBe(503);
    expect(JSON.parse(run.answers[0]?.body ?? '{}')).toMatchObject({ code: 'secret_unavailable' });
    expect(Number(run.answers[0]?.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(fake.calls).toHaveLength(2);
    expect(logged(run, 'secret refresh failed; no usable value')).toMatchObject({
      secretProblem: expect.stringMatching(/^ThrottlingException HTTP 400 after 2 attempt\(s\)/),
    });
  });

  it('cuts off answers slower than the request timeout, on each of the two attempts', async () => {
    fake.inject({ kind: 'slow', ms: 8000 }, { kind: 'slow', ms: 8000 });
    const started = performance.now();
    const run = await runBundle([{ event: tokenEvent() }]);
    // Two 2 s attempts and the retry delay, within the 5 s limit of one fetch.
    expect(performance.now() - started).toBeLessThan(7000);
    expect(run.answers[0]?.statusCode).toBe(503);
    expect(fake.calls).toHaveLength(2);
    expect(logged(run, 'secret refresh failed; no usable value')).toMatchObject({
      secretProblem: expect.stringMatching(/TimeoutError.*2000 ms requestTimeout/),
    });
  }, 20_000);

  it('serves the last good value while a refresh fails (stale-while-revalidate)', async () => {
    const steps: BundleStep[] = [{ event: tokenEvent() }, { waitMs: 1200, event: tokenEvent() }];
    const running = runBundle([...steps, { waitMs: 1000 }], { ZEGO_SECRET_CACHE_SECONDS: '1' });
    // Once the first fetch has been answered, the next two fail.
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1), { timeout: 10_000 });
    fake.inject({ kind: 'server-error' }, { kind: 'server-error' });
    const run = await running;
    expect(run.answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(fake.calls).toHaveLength(3);
    expect(logged(run, 'secret refresh failed; serving the last good value')).toMatchObject({
      servingStale: true,
      secretProblem: expect.stringMatching(/^InternalServiceError HTTP 500 after 2 attempt\(s\)/),
    });
  }, 20_000);
});

describe('the deployed bundle: what a cold start loads', () => {
  it('loads the room-pattern engine (re2js) only when ZEGO_ROOM_ID_PATTERN is set', async () => {
    const atInit = await initLoadedFiles(BUNDLE_DIR);
    // A string from re2js's own error messages (present in the bundle, only in an on-demand chunk).
    const RE2_MARKER = 'invalid or unsupported Perl syntax';
    expect(bundleCode(BUNDLE_DIR)).toContain(RE2_MARKER);
    expect(bundleCode(BUNDLE_DIR, atInit)).not.toContain(RE2_MARKER);

    const run = await runBundle([{ event: tokenEvent('room-7') }, { event: tokenEvent('lobby') }], {
      ZEGO_ROOM_ID_PATTERN: 'room-[0-9]+',
    });
    expect(run.answers.map((a) => a.statusCode)).toEqual([200, 403]);
    expect(JSON.parse(run.answers[1]?.body ?? '{}')).toMatchObject({ code: 'privilege_denied' });
  });

  it('refuses a pattern RE2 cannot compile at init, naming the variable, as before', async () => {
    const run = await runBundle([{ event: tokenEvent() }], { ZEGO_ROOM_ID_PATTERN: '(?=room)x' });
    expect(run.answers[0]?.statusCode).toBe(500);
    expect(JSON.parse(run.answers[0]?.body ?? '{}')).toMatchObject({ code: 'internal_error' });
    expect(logged(run, 'configuration error: every request will be answered 500')).toMatchObject({
      variable: 'ZEGO_ROOM_ID_PATTERN',
      detail: expect.stringMatching(/^ZEGO_ROOM_ID_PATTERN is not a supported regular expression/),
    });
    expect(fake.calls).toHaveLength(0);
  });

  it('holds neither the event-stream codec nor bowser, whose stand-ins fail loudly if used', () => {
    const code = bundleCode(BUNDLE_DIR);
    // Strings of @smithy/core's event-stream codec and of bowser's browser table.
    expect(code).not.toContain(':message-type');
    expect(code).not.toContain('BlackBerry');
    expect(() => new EventStreamSerde()).toThrow(/not in the Lambda bundle/);
    expect(() => parseUserAgent()).toThrow(/not in the Lambda bundle/);
  });
});

describe('the deployed bundle: SDK parts it does without', () => {
  it('loads neither node:zlib nor node:fs/promises at init', async () => {
    const atInit = bundleCode(BUNDLE_DIR, await initLoadedFiles(BUNDLE_DIR));
    expect(atInit).toContain('"node:crypto"');
    expect(atInit).not.toContain('node:zlib');
    expect(atInit).not.toContain('node:fs/promises');
  });

  it('reads no AWS shared config file: the region comes from AWS_REGION only', async () => {
    const configFile = join(home, 'config');
    writeFileSync(configFile, '[default]\nregion = ap-south-1\n');
    // Without AWS_REGION (Lambda always sets it) the SDK has no region: the file is not read.
    const run = await runBundle([{ event: tokenEvent() }], {
      AWS_REGION: undefined,
      AWS_CONFIG_FILE: configFile,
    });
    expect(run.answers[0]?.statusCode).toBe(503);
    expect(fake.calls).toHaveLength(0);
    expect(logged(run, 'secret refresh failed; no usable value')?.secretProblem).toMatch(
      /Region is missing/,
    );
    // With AWS_REGION the same file changes nothing: the request is signed for eu-west-1.
    const withRegion = await runBundle([{ event: tokenEvent() }], { AWS_CONFIG_FILE: configFile });
    expect(withRegion.answers[0]?.statusCode).toBe(200);
    const call = fake.calls[0];
    expect(call && checkSigV4(call, ROLE.AWS_SECRET_ACCESS_KEY)).toMatchObject({
      region: 'eu-west-1',
      valid: true,
    });
  });

  it('has stand-ins that answer "no such file" and refuse CRC32, as the function never needs', async () => {
    await expect(readSharedConfigFile('/home/sbx/.aws/config')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    fileIntercept['/intercepted'] = Promise.resolve('[default]');
    await expect(readSharedConfigFile('/intercepted')).resolves.toBe('[default]');
    expect(() => new Crc32Node()).toThrow(/not in the Lambda bundle/);
  });

  it('replaces a file inside a package, and fails the build when the package has it no more', async () => {
    const build = (contents: string, file: string) =>
      esbuild({
        stdin: { contents, resolveDir: PROJECT_ROOT },
        bundle: true,
        platform: 'node',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        plugins: [replacePackageFiles({ [file]: './functions/commons/bundle/no-crc32.ts' })],
      });
    const checksums = "export { Crc32 } from '@smithy/core/checksum';";
    const replaced = await build(checksums, CRC32_NODE);
    expect(replaced.outputFiles[0]?.text).toContain('CRC32 checksums are not in the Lambda bundle');
    expect(replaced.outputFiles[0]?.text).not.toContain('node:zlib');
    await expect(build(checksums, '@smithy/core/dist-es/moved-away.js')).rejects.toThrow(
      /@smithy\/core\/dist-es\/moved-away\.js is not part of the bundle any more/,
    );
    // A bundle without @smithy/core (the bench's variant without the SDK) has nothing to replace.
    const without = await build('export const answer = 42;', CRC32_NODE);
    expect(without.outputFiles[0]?.text).toContain('42');
  });
});
