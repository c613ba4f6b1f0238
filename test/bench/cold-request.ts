// The cold request as a caller feels it: a fresh `node` process imports the bundled handler (the
// bundle the stack deploys) and answers its first invocation, the secret fetched by the real SDK
// client from the local Secrets Manager stand-in over real HTTP on 127.0.0.1.
//
// Subtracted: a fresh `node` process that does the same GetSecretValue POST with node:http and no
// SDK (bare Node start + the HTTP module + one round trip to the stand-in). What is left is the
// function's own cost: loading and compiling the bundle, building the client, signing, parsing,
// issuing the token, logging and metrics. Cases alternate; medians are subtracted.
//
// The children are spawned asynchronously: the stand-in answers from this process's event loop.
import { spawn } from 'node:child_process';
import { startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import { BENCH_APP_ID, BENCH_SECRET } from './core.ts';
import { FUNCTION_ENV, restTokenEvent } from './fixtures.ts';
import { median } from './stats.ts';

export const COLD_SECRET_NAME = 'zego/bench';

/** The function's environment with the stand-in as its Secrets Manager endpoint. */
export function coldEnv(endpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...FUNCTION_ENV,
    ZEGO_SECRET_ID: COLD_SECRET_NAME,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    // As Lambda provides them: the execution role's temporary credentials in the environment.
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/secret/access/key/not/real/0000000',
    AWS_SESSION_TOKEN: 'bench-session-token',
  };
}

export function coldSecretString(): string {
  return JSON.stringify({ appId: BENCH_APP_ID, serverSecret: BENCH_SECRET });
}

// Imports argv[1], invokes its handler once with the event in argv[2], checks for a 200 with a
// token, then prints "COLD <cpu µs> <ms from start of import to answer>" as the last line.
export const HANDLER_DRIVER = [
  "const { pathToFileURL } = require('node:url');",
  'const t0 = performance.now();',
  'const context = { awsRequestId: "0b7c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4", functionName: "zego-token",',
  '  functionVersion: "$LATEST", memoryLimitInMB: "256", getRemainingTimeInMillis: () => 10000,',
  '  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:zego-token",',
  '  callbackWaitsForEmptyEventLoop: true };',
  'import(pathToFileURL(process.argv[1]).href)',
  '  .then((m) => m.handler(JSON.parse(process.argv[2]), context))',
  '  .then((r) => {',
  '    if (r.statusCode !== 200 || !JSON.parse(r.body).token) { console.error(r.body); process.exit(4); }',
  '    const { user, system } = process.cpuUsage();',
  "    process.stdout.write('\\nCOLD ' + (user + system) + ' ' + (performance.now() - t0) + '\\n');",
  '    process.exit(0);',
  '  }, (e) => { console.error(e); process.exit(2); });',
].join('\n');

// The same GetSecretValue request without the SDK: node:http, unsigned, answer parsed.
const BARE_FETCH_DRIVER = [
  "const http = require('node:http');",
  'const body = JSON.stringify({ SecretId: process.env.ZEGO_SECRET_ID });',
  'const req = http.request(process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER, { method: "POST", headers: {',
  '  "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.GetSecretValue",',
  '  "content-length": Buffer.byteLength(body) } }, (res) => {',
  '  const chunks = []; res.on("data", (c) => chunks.push(c));',
  '  res.on("end", () => {',
  '    const out = JSON.parse(Buffer.concat(chunks).toString("utf8"));',
  '    if (typeof out.SecretString !== "string") process.exit(4);',
  '    const { user, system } = process.cpuUsage();',
  "    process.stdout.write('\\nCOLD ' + (user + system) + ' 0\\n');",
  '    process.exit(0);',
  '  });',
  '});',
  'req.on("error", (e) => { console.error(e); process.exit(2); });',
  'req.end(body);',
].join('\n');

const BARE_NODE_DRIVER =
  "const { user, system } = process.cpuUsage(); process.stdout.write('\\nCOLD ' + (user + system) + ' 0\\n');";

export interface ColdRun {
  /** Spawn to exit, ms. */
  wallMs: number;
  /** The child's CPU time until it answered, ms. */
  cpuMs: number;
  /** Inside the child: from the start of the import to the answer, ms (0 for the baselines). */
  innerMs: number;
}

/** Runs one child to completion; rejects when it fails or prints no COLD line. */
export function runCold(
  args: readonly string[],
  env: Record<string, string>,
  flags: readonly string[] = [],
): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...flags, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const match = /\nCOLD (\d+) ([\d.]+)\n?$/.exec(stdout);
      if (code !== 0 || match === null) {
        reject(new Error(`cold child failed (exit ${code}): ${stderr.slice(0, 500)}`));
        return;
      }
      resolve({ wallMs, cpuMs: Number(match[1]) / 1000, innerMs: Number(match[2]) });
    });
  });
}

export interface ColdRequestResults {
  /** Deployed bundle's first request, minus a bare SDK-free fetch process (medians). */
  cold_request_ms_over_node: number;
  cold_request_cpu_ms_over_node: number;
  /** Median wall time of the whole cold request process (spawn to exit). */
  cold_request_ms: number;
  /** Median wall time of the bare fetch process, and what its fetch adds over bare Node. */
  cold_request_bare_fetch_ms: number;
  cold_request_fetch_ms_over_node: number;
  cold_request_runs: number;
}

export async function benchColdRequest(
  bundleFile: string,
  flags: readonly string[],
  runs: number,
): Promise<ColdRequestResults> {
  const fake = await startFakeSecretsManager({
    secretName: COLD_SECRET_NAME,
    secretString: coldSecretString(),
  });
  try {
    const env = coldEnv(fake.url);
    const event = JSON.stringify(restTokenEvent());
    const cases = {
      bare: () => runCold(['-e', BARE_NODE_DRIVER], env, flags),
      fetch: () => runCold(['-e', BARE_FETCH_DRIVER], env, flags),
      handler: () => runCold(['-e', HANDLER_DRIVER, bundleFile, event], env, flags),
    };
    const results: Record<keyof typeof cases, ColdRun[]> = { bare: [], fetch: [], handler: [] };
    // One untimed pass warms the file cache, then the cases alternate.
    for (const run of Object.values(cases)) await run();
    for (let i = 0; i < runs; i++) {
      for (const [name, run] of Object.entries(cases)) {
        results[name as keyof typeof cases].push(await run());
      }
    }
    const wall = (name: keyof typeof cases) => median(results[name].map((r) => r.wallMs));
    const cpu = (name: keyof typeof cases) => median(results[name].map((r) => r.cpuMs));
    const handlerCalls = fake.calls.filter((c) => c.authorization !== undefined).length;
    if (handlerCalls !== runs + 1) {
      throw new Error(`expected ${runs + 1} signed GetSecretValue calls, saw ${handlerCalls}`);
    }
    return {
      cold_request_ms_over_node: wall('handler') - wall('fetch'),
      cold_request_cpu_ms_over_node: cpu('handler') - cpu('fetch'),
      cold_request_ms: wall('handler'),
      cold_request_bare_fetch_ms: wall('fetch'),
      cold_request_fetch_ms_over_node: wall('fetch') - wall('bare'),
      cold_request_runs: runs,
    };
  } finally {
    await fake.close();
  }
}
