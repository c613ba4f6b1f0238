// The child processes of the cold-start figures: each is a fresh `node -e <driver>` that marks,
// on its own clock (process.uptime(): milliseconds since the process started), when its code
// began, when the bundle was imported, when the handler's first GetSecretValue went out and came
// back, when the secret was loaded and when the answer was there; and its CPU time at those
// points. The last line of its stdout is `COLD <marks as JSON>`.
import { spawn } from 'node:child_process';

// The same first lines in every driver, so that what they cost cancels out in the differences:
// the clock, the HTTP client's diagnostics channels (request sent, response received), and a
// look at stdout for the function's "secret loaded" log line.
const PRELUDE = [
  'const mark = () => process.uptime() * 1000;',
  'const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };',
  'const m = { start: mark(), startCpu: cpu() };',
  "const dc = require('node:diagnostics_channel');",
  "dc.subscribe('http.client.request.start', () => { m.request ??= mark(); });",
  "dc.subscribe('http.client.response.finish', () => { m.response ??= mark(); });",
  'const out = process.stdout;',
  'const write = out.write;',
  'out.write = function (chunk, ...rest) {',
  '  if (m.secret === undefined && String(chunk).includes(\'"message":"secret loaded"\')) {',
  '    m.secret = mark(); m.secretCpu = cpu();',
  '  }',
  '  return write.call(this, chunk, ...rest);',
  '};',
  "const done = () => { write.call(out, '\\nCOLD ' + JSON.stringify(m) + '\\n'); process.exit(0); };",
];

/**
 * Imports argv[1], invokes its handler once with the event in argv[2] and a Lambda-shaped
 * context, and exits 4 unless the answer is a 200 with a token.
 */
export const HANDLER_DRIVER = [
  ...PRELUDE,
  "const { pathToFileURL } = require('node:url');",
  'const context = { awsRequestId: "0b7c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4", functionName: "zego-token",',
  '  functionVersion: "$LATEST", memoryLimitInMB: "256", getRemainingTimeInMillis: () => 10000,',
  '  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:zego-token",',
  '  callbackWaitsForEmptyEventLoop: true };',
  'import(pathToFileURL(process.argv[1]).href)',
  '  .then((mod) => {',
  '    m.imported = mark(); m.importedCpu = cpu();',
  '    return mod.handler(JSON.parse(process.argv[2]), context);',
  '  })',
  '  .then((r) => {',
  '    m.answered = mark(); m.answeredCpu = cpu();',
  '    if (r.statusCode !== 200 || !JSON.parse(r.body).token) { console.error(r.body); process.exit(4); }',
  '    done();',
  '  }, (e) => { console.error(e); process.exit(2); });',
].join('\n');

/** The same GetSecretValue request without the SDK: node:http, unsigned, the answer parsed. */
export const BARE_FETCH_DRIVER = [
  ...PRELUDE,
  "const http = require('node:http');",
  'const body = JSON.stringify({ SecretId: process.env.ZEGO_SECRET_ID });',
  'const req = http.request(process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER, { method: "POST", headers: {',
  '  "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.GetSecretValue",',
  '  "content-length": Buffer.byteLength(body) } }, (res) => {',
  '  const chunks = []; res.on("data", (c) => chunks.push(c));',
  '  res.on("end", () => {',
  '    const answer = JSON.parse(Buffer.concat(chunks).toString("utf8"));',
  '    m.answered = mark(); m.answeredCpu = cpu();',
  '    if (typeof answer.SecretString !== "string") process.exit(4);',
  '    done();',
  '  });',
  '});',
  'req.on("error", (e) => { console.error(e); process.exit(2); });',
  'req.end(body);',
].join('\n');

/** Bare Node: the prelude and nothing else. */
export const BARE_NODE_DRIVER = [
  ...PRELUDE,
  'm.answered = mark(); m.answeredCpu = cpu();',
  'done();',
].join('\n');

/** What a driver marked, in ms since its process started (CPU: ms of CPU time by then). */
export interface ColdMarks {
  start: number;
  startCpu: number;
  imported?: number;
  importedCpu?: number;
  request?: number;
  response?: number;
  secret?: number;
  secretCpu?: number;
  answered: number;
  answeredCpu: number;
}

export interface ColdRun {
  /** Spawn to exit, ms, as the parent saw it. */
  wallMs: number;
  /** The child's CPU time (user + system, all threads) until it answered, ms. */
  cpuMs: number;
  /** Inside the child: from its first line of code to the answer, ms. */
  innerMs: number;
  marks: ColdMarks;
}

/** Runs one child on `node` to completion; rejects when it fails or prints no COLD line. */
export function runCold(
  node: string,
  args: readonly string[],
  env: Record<string, string>,
  flags: readonly string[] = [],
): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [...flags, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const match = /\nCOLD (\{.*\})\n?$/.exec(stdout);
      if (code !== 0 || match === null) {
        reject(new Error(`cold child failed (exit ${code}): ${stderr.slice(0, 500)}`));
        return;
      }
      const marks = JSON.parse(match[1] as string) as ColdMarks;
      resolve({
        wallMs,
        cpuMs: marks.answeredCpu,
        innerMs: marks.answered - marks.start,
        marks,
      });
    });
  });
}

/**
 * Runs every case (its node arguments) on every runtime: one untimed pass first, which warms the
 * file cache, then `runs` rounds in which every case of every runtime alternates, so that a
 * change in the machine's load falls on all of them alike. Per runtime, each case's runs in order.
 */
export async function interleaveCold<Case extends string>(
  runtimes: readonly { readonly path: string }[],
  cases: Readonly<Record<Case, readonly string[]>>,
  runs: number,
  env: Record<string, string>,
  flags: readonly string[] = [],
): Promise<Record<Case, ColdRun[]>[]> {
  const entries = Object.entries(cases) as [Case, readonly string[]][];
  const results = runtimes.map(
    () =>
      Object.fromEntries(entries.map(([name]) => [name, [] as ColdRun[]])) as Record<
        Case,
        ColdRun[]
      >,
  );
  for (const runtime of runtimes) {
    for (const [, args] of entries) await runCold(runtime.path, args, env, flags);
  }
  for (let i = 0; i < runs; i++) {
    for (const [r, runtime] of runtimes.entries()) {
      for (const [name, args] of entries) {
        results[r]?.[name].push(await runCold(runtime.path, args, env, flags));
      }
    }
  }
  return results;
}

/** Where one cold request's time went (ms; `undefined` where the driver has no such step). */
export interface ColdPhases {
  /** Process start to the driver's first line: Node's own start-up. */
  start: number;
  /** Compile and evaluate the bundle (the handler and its client are built at import). */
  import?: number;
  importCpu?: number;
  /** Invocation to the secret loaded: the first GetSecretValue as the function sees it. */
  secret?: number;
  secretCpu?: number;
  /** Of which the HTTP exchange (request sent to response received). */
  secretHttp?: number;
  /** Secret loaded to answer: the token, the log line and its metrics. */
  handler?: number;
  handlerCpu?: number;
  /** Driver start to answer (the bare fetch: require node:http, the POST, the parse). */
  request: number;
  /** Answer to exit as the parent saw it, and the spawn before the child's clock started. */
  exit: number;
}

export function coldPhases(run: ColdRun): ColdPhases {
  const m = run.marks;
  const phases: ColdPhases = {
    start: m.start,
    request: m.answered - m.start,
    exit: run.wallMs - m.answered,
  };
  if (m.imported !== undefined && m.importedCpu !== undefined) {
    phases.import = m.imported - m.start;
    phases.importCpu = m.importedCpu - m.startCpu;
  }
  if (m.imported !== undefined && m.secret !== undefined && m.secretCpu !== undefined) {
    phases.secret = m.secret - m.imported;
    phases.secretCpu = m.secretCpu - (m.importedCpu ?? m.startCpu);
    phases.handler = m.answered - m.secret;
    phases.handlerCpu = m.answeredCpu - m.secretCpu;
  }
  if (m.request !== undefined && m.response !== undefined) {
    phases.secretHttp = m.response - m.request;
  }
  return phases;
}
