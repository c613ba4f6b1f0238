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
import { startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import {
  BARE_FETCH_DRIVER,
  type ColdRun,
  coldPhases,
  HANDLER_DRIVER,
  runCold,
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
  if (!existsSync(join(dir, 'index.mjs'))) throw new Error(`${dir} has no index.mjs`);
}

const runtimes = coldRuntimes();
const fake = await startFakeSecretsManager({
  secretName: COLD_SECRET_NAME,
  secretString: coldSecretString(),
});
const env = coldEnv(fake.url);
const event = JSON.stringify(restTokenEvent());
const cases = ['fetch', ...dirs];
const argsOf = (name: string) =>
  name === 'fetch'
    ? ['-e', BARE_FETCH_DRIVER]
    : ['-e', HANDLER_DRIVER, join(name, 'index.mjs'), event];
const results = new Map<string, ColdRun[]>();
const loadBefore = loadavg()[0] ?? 0;
try {
  // One untimed pass warms the file cache, then every case on every Node alternates.
  for (const runtime of runtimes) {
    for (const name of cases) await runCold(runtime.path, argsOf(name), env);
  }
  for (let i = 0; i < runs; i++) {
    for (const runtime of runtimes) {
      for (const name of cases) {
        const key = `${runtime.suffix} ${name}`;
        results.set(key, [
          ...(results.get(key) ?? []),
          await runCold(runtime.path, argsOf(name), env),
        ]);
      }
    }
  }
} finally {
  await fake.close();
}

const ms = (value: number) => String(round(value, 3));
process.stdout.write(
  `${runs} runs per case; load average ${round(loadBefore, 2)} -> ${round(loadavg()[0] ?? 0, 2)}\n` +
    'ms over the bare fetch on the same Node: wall median, CPU median / lowest; ' +
    'then CPU medians of the import and of the first GetSecretValue\n',
);
for (const runtime of runtimes) {
  const fetch = results.get(`${runtime.suffix} fetch`) ?? [];
  const fetchWall = median(fetch.map((r) => r.wallMs));
  const fetchCpu = fetch.map((r) => r.cpuMs);
  for (const dir of dirs) {
    const own = results.get(`${runtime.suffix} ${dir}`) ?? [];
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
