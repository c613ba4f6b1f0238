// Compares the cold request of bundles built elsewhere (another commit's infra/dist/handler, a
// variant), interleaved in one run on the system Node and Node 24, as the bench's `bundle`
// section measures the deployed one: each case is a fresh process, the bare fetch alternates with
// the bundles, and the figures are medians (and the lowest value) over the bare fetch on the
// same Node, with the breakdown of the import and the first GetSecretValue.
//
//   npx tsx test/bench/compare.ts [--runs N] DIR [DIR...]
//
// DIR: a bundle directory holding index.mjs (and its chunks), e.g. infra/dist/handler.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HANDLER_MODULE } from '../../infra/handler-bundle.ts';
import { startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import {
  BARE_FETCH_DRIVER,
  type ColdRun,
  coldPhases,
  HANDLER_DRIVER,
  interleaveCold,
} from './cold-child.ts';
import { COLD_SECRET_NAME, coldEnv, coldSecretString } from './cold-request.ts';
import { restTokenEvent } from './fixtures.ts';
import { coldRuntimes } from './runtimes.ts';
import { median, round } from './stats.ts';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '25' } },
  allowPositionals: true,
});
const runs = Number(values.runs);
const dirs = positionals.map((dir) => resolve(dir));
if (dirs.length === 0 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: npx tsx test/bench/compare.ts [--runs N] DIR [DIR...]\n');
  process.exit(2);
}
for (const dir of dirs) {
  if (!existsSync(join(dir, HANDLER_MODULE))) throw new Error(`${dir} has no ${HANDLER_MODULE}`);
}

const runtimes = coldRuntimes();
const fake = await startFakeSecretsManager({
  secretName: COLD_SECRET_NAME,
  secretString: coldSecretString(),
});
const env = coldEnv(fake.url);
const event = JSON.stringify(restTokenEvent());
const cases: Record<string, string[]> = { fetch: ['-e', BARE_FETCH_DRIVER] };
for (const dir of dirs) cases[dir] = ['-e', HANDLER_DRIVER, join(dir, HANDLER_MODULE), event];
const loadBefore = loadavg()[0] ?? 0;
let results: Record<string, ColdRun[]>[];
try {
  results = await interleaveCold(runtimes, cases, runs, env);
} finally {
  await fake.close();
}

const ms = (value: number) => String(round(value, 3));
process.stdout.write(
  `${runs} runs per case; load average ${round(loadBefore, 2)} -> ${round(loadavg()[0] ?? 0, 2)}\n` +
    'ms over the bare fetch on the same Node: wall median, CPU median / lowest; ' +
    'then CPU medians of the import and of the first GetSecretValue\n',
);
for (const [i, runtime] of runtimes.entries()) {
  const fetch = results[i]?.fetch ?? [];
  const fetchWall = median(fetch.map((r) => r.wallMs));
  const fetchCpu = fetch.map((r) => r.cpuMs);
  for (const dir of dirs) {
    const own = results[i]?.[dir] ?? [];
    const phases = own.map(coldPhases);
    const cpu = own.map((r) => r.cpuMs);
    const phase = (name: 'importCpu' | 'secretCpu') =>
      ms(median(phases.map((p) => p[name]).filter((v) => v !== undefined)));
    process.stdout.write(
      `${runtime.version}  ${dir}\n` +
        `  wall ${ms(median(own.map((r) => r.wallMs)) - fetchWall)}` +
        `  cpu ${ms(median(cpu) - median(fetchCpu))} / ${ms(Math.min(...cpu) - Math.min(...fetchCpu))}` +
        `  import ${phase('importCpu')}  first GetSecretValue ${phase('secretCpu')}\n`,
    );
  }
}
