// Runs the token function's bundle as Lambda runs it: a fresh Node process imports the bundle and
// invokes its handler with each event in turn, in one execution environment. Shared by the tests
// of what the deployed bundle does (token-function-sdk, token-function-credentials).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_MODULE } from '../../infra/handler-bundle.ts';

export interface BundleStep {
  /** Wait this long first (ms). */
  waitMs?: number;
  /** Invoke the handler with this event (none: only wait). */
  event?: unknown;
}

export interface BundleAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface BundleRun {
  answers: BundleAnswer[];
  /** The function's JSON log lines, in order. */
  logs: Record<string, unknown>[];
}

// Imports the bundle in argv[1], then runs the steps in argv[2] one after the other, printing
// each answer as `ANSWER <json>`.
const DRIVER = [
  "const { pathToFileURL } = require('node:url');",
  'const context = { awsRequestId: "req-1", functionName: "fn", functionVersion: "$LATEST",',
  '  memoryLimitInMB: "256", getRemainingTimeInMillis: () => 10000 };',
  '(async () => {',
  '  const { handler } = await import(pathToFileURL(process.argv[1]).href);',
  '  for (const step of JSON.parse(process.argv[2])) {',
  '    if (step.waitMs) await new Promise((done) => setTimeout(done, step.waitMs));',
  '    if (step.event === undefined) continue;',
  '    const answer = await handler(step.event, context);',
  "    process.stdout.write('\\nANSWER ' + JSON.stringify(answer) + '\\n');",
  '  }',
  '})().then(() => process.exit(0), (e) => { console.error(e); process.exit(2); });',
].join('\n');

export interface RunBundleOptions {
  /** The Node binary that runs it. */
  node: string;
  /** The bundle's directory (index.mjs and its chunks). */
  bundleDir: string;
  steps: readonly BundleStep[];
  /** The whole environment besides PATH; a variable set to undefined is left out. */
  env: Record<string, string | undefined>;
}

/** Runs the steps in a fresh process; rejects when it exits with an error. */
export function runBundle(options: RunBundleOptions): Promise<BundleRun> {
  const env = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH ?? '', ...options.env }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  const module = join(options.bundleDir, HANDLER_MODULE);
  return new Promise((resolve, reject) => {
    const child = spawn(options.node, ['-e', DRIVER, module, JSON.stringify(options.steps)], {
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
    child.on('close', (status) => {
      if (status !== 0) {
        reject(new Error(`bundle exited ${status}: ${stderr.slice(0, 800)}`));
        return;
      }
      const lines = stdout.split('\n');
      // Powertools writes INFO lines to stdout, WARN and ERROR lines to stderr.
      const logLines = [...lines, ...stderr.split('\n')].filter((line) => line.startsWith('{'));
      resolve({
        answers: lines
          .filter((line) => line.startsWith('ANSWER '))
          .map((line) => JSON.parse(line.slice('ANSWER '.length)) as BundleAnswer),
        logs: logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
      });
    });
  });
}

/** The bundle's code files: index.mjs and every chunk. */
export function bundleCodeFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.mjs'));
}

/** The text of the named files of a bundle (default: all its code), joined. */
export function bundleCode(dir: string, names: readonly string[] = bundleCodeFiles(dir)): string {
  return names.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
}
