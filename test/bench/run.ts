// `npm run bench`: what the service costs per token, per invocation, per cold start and under
// load, in one run, as ratios where the machine's noise would otherwise decide.
//
//   npm run bench                      readable table
//   npm run -s bench -- --json         one JSON object (keys documented in the README)
//   npm run bench -- --quick           shorter runs (about 25 s)
//   npm run bench -- --only core,load  some sections: core, handler, bundle, load, secret, burst
//                                      (burst: N concurrent cold starts; only when asked for)
//
// ZEGO_BENCH_CPU_PROF_DIR=<dir> writes CPU profiles of the child processes (handler, server).
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { HANDLER_INIT_SIZE_BUDGET_BYTES, HANDLER_SIZE_BUDGET_BYTES } from '../../infra/bundling.ts';
import { type BundleResults, benchBundle, withDeployedBundle } from './bundle.ts';
import { type BurstResults, benchBurst } from './burst.ts';
import { coldRequestKeys } from './cold-request.ts';
import { benchCore, type CoreResults } from './core.ts';
import { benchHandler, type HandlerResults } from './handler.ts';
import { benchLoad, type LoadOptions, type LoadResults } from './load.ts';
import type { MicroOptions } from './micro.ts';
import { coldRuntimes } from './runtimes.ts';
import { benchSecretStall, type SecretStallResults } from './secret-stall.ts';
import { round } from './stats.ts';

const SECTIONS = ['core', 'handler', 'bundle', 'load', 'secret', 'burst'] as const;
type Section = (typeof SECTIONS)[number];
/** What a run without --only measures (burst runs 70 processes at once: ask for it). */
const DEFAULT_SECTIONS: readonly Section[] = SECTIONS.filter((s) => s !== 'burst');

const USAGE = `usage: npm run bench -- [--json] [--quick] [--only ${SECTIONS.join(',')}]`;

class UsageError extends Error {}

interface Profile {
  core: MicroOptions;
  handler: MicroOptions;
  /** Handler configurations alternate this many times (each a fresh process). */
  handlerPasses: number;
  coldRuns: number;
  load: LoadOptions;
  /** How long requests keep arriving while Secrets Manager hangs. */
  secretStallMs: number;
}

const FULL: Profile = {
  core: { rounds: 15, timeMs: 150, batch: 32 },
  handler: { rounds: 8, timeMs: 300, batch: 16 },
  handlerPasses: 2,
  coldRuns: 25,
  load: { connections: 50, durationSeconds: 10, warmupSeconds: 2, singleSeconds: 3 },
  secretStallMs: 8000,
};

const QUICK: Profile = {
  core: { rounds: 6, timeMs: 100, batch: 32 },
  handler: { rounds: 3, timeMs: 200, batch: 16 },
  handlerPasses: 1,
  coldRuns: 10,
  load: { connections: 50, durationSeconds: 5, warmupSeconds: 1, singleSeconds: 2 },
  secretStallMs: 3000,
};

interface Target {
  key: string;
  label: string;
  met: (value: number) => boolean;
}

const TARGETS: Target[] = [
  { key: 'ratio_vs_reference', label: '≥ 1.3', met: (v) => v >= 1.3 },
  { key: 'ratio_vs_floor', label: '≥ 0.8', met: (v) => v >= 0.8 },
  { key: 'handler_warm_per_s', label: '≥ 20,000', met: (v) => v >= 20_000 },
  {
    key: 'bundle_init_bytes_bundled',
    label: `≤ ${HANDLER_INIT_SIZE_BUDGET_BYTES / 1024} KiB`,
    met: (v) => v <= HANDLER_INIT_SIZE_BUDGET_BYTES,
  },
  {
    key: 'bundle_bytes_bundled',
    label: `≤ ${HANDLER_SIZE_BUDGET_BYTES / 1024} KiB`,
    met: (v) => v <= HANDLER_SIZE_BUDGET_BYTES,
  },
  { key: 'cold_init_ms_over_node', label: '≤ 60 ms', met: (v) => v <= 60 },
  { key: 'cold_request_ms_over_node', label: '≤ 35 ms', met: (v) => v <= 35 },
  { key: 'cold_request_ms_over_node_node24', label: '≤ 35 ms', met: (v) => v <= 35 },
  { key: 'load_non2xx', label: '= 0', met: (v) => v === 0 },
  { key: 'load_p99_ms', label: '< 20 ms', met: (v) => v < 20 },
  { key: 'stale_while_hanging_p99_ms', label: '< 100 ms', met: (v) => v < 100 },
  { key: 'stale_while_hanging_non2xx', label: '= 0', met: (v) => v === 0 },
];

type Numbers = Partial<
  CoreResults & HandlerResults & BundleResults & LoadResults & SecretStallResults & BurstResults
>;

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown';
}

function parse(): { json: boolean; profile: Profile; quick: boolean; sections: Set<Section> } {
  try {
    return parseOrThrow();
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function parseOrThrow(): {
  json: boolean;
  profile: Profile;
  quick: boolean;
  sections: Set<Section>;
} {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const wanted = values.only === undefined ? [...DEFAULT_SECTIONS] : values.only.split(',');
  for (const name of wanted) {
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`unknown section "${name}"`);
    }
  }
  return {
    json: values.json,
    quick: values.quick,
    profile: values.quick ? QUICK : FULL,
    sections: new Set(wanted as Section[]),
  };
}

async function main(): Promise<void> {
  const { json, quick, profile, sections } = parse();
  const progress = (text: string) => {
    if (!json) process.stderr.write(`bench: ${text}\n`);
  };
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  const results: Numbers = {};
  const runtimes = sections.has('bundle') ? coldRuntimes() : [];

  if (sections.has('core')) {
    progress('token core: ours, reference, floor, decode (interleaved rounds)');
    Object.assign(results, benchCore(profile.core));
  }
  if (sections.has('handler')) {
    progress('warm handler: logs discarded, logs on, logs off');
    Object.assign(results, await benchHandler(profile.handler, profile.handlerPasses));
  }
  if (sections.has('bundle')) {
    const nodes = runtimes.map((r) => r.version).join(' and ');
    progress(
      `bundle sizes, cold init and cold request on ${nodes} (${profile.coldRuns} runs each)`,
    );
    Object.assign(results, await benchBundle(profile.coldRuns, runtimes));
  }
  if (sections.has('load')) {
    progress(
      `local server under load (${profile.load.connections} connections, ${profile.load.durationSeconds} s)`,
    );
    Object.assign(results, await benchLoad(profile.load));
  }
  if (sections.has('secret')) {
    progress(`requests while Secrets Manager hangs (1 s cache, ${profile.secretStallMs / 1000} s)`);
    Object.assign(results, await benchSecretStall(profile.secretStallMs));
  }
  if (sections.has('burst')) {
    progress('burst: 1, 20 and 50 concurrent cold starts against one Secrets Manager stand-in');
    Object.assign(results, await withDeployedBundle(benchBurst));
  }

  const machine = {
    node: process.version,
    ...(runtimes.length > 0 ? { cold_request_nodes: runtimes.map((r) => r.version) } : {}),
    cpus: availableParallelism(),
    cpu_model: cpuModel(),
    loadavg_1m_start: round(loadBefore, 2),
    loadavg_1m_end: round(loadavg()[0] ?? 0, 2),
    quick,
    sections: [...sections],
    duration_s: round((Date.now() - started) / 1000, 3),
    date: new Date().toISOString(),
  };
  const rounded = Object.fromEntries(
    Object.entries(results).map(([key, value]) => [key, round(value as number, 4)]),
  ) as Record<string, number>;
  const targets = Object.fromEntries(
    TARGETS.filter((t) => rounded[t.key] !== undefined).map((t) => [
      t.key,
      { target: t.label, met: t.met(rounded[t.key] as number) },
    ]),
  );

  if (json) {
    const all: Record<string, unknown> = {};
    for (const section of SECTIONS) {
      for (const key of KEYS[section]) all[key] = rounded[key] ?? null;
    }
    process.stdout.write(`${JSON.stringify({ ...all, machine, targets }, null, 2)}\n`);
    return;
  }
  process.stdout.write(table(rounded, machine));
}

/** Every key each section reports, in table order. */
const KEYS: Record<Section, string[]> = {
  core: [
    'ours_ops_per_s',
    'reference_ops_per_s',
    'floor_ops_per_s',
    'ratio_vs_reference',
    'ratio_vs_floor',
    'decode_ops_per_s',
    'ours_cpu_ops_per_s',
    'reference_cpu_ops_per_s',
    'floor_cpu_ops_per_s',
    'ratio_vs_reference_cpu',
    'ratio_vs_floor_cpu',
  ],
  handler: [
    'handler_warm_per_s',
    'handler_warm_logged_per_s',
    'handler_warm_silent_per_s',
    'handler_warm_cpu_us',
    'handler_warm_logged_cpu_us',
    'handler_warm_silent_cpu_us',
    'handler_log_bytes_per_invocation',
  ],
  bundle: [
    'bundle_bytes_external',
    'bundle_bytes_bundled',
    'bundle_init_bytes_bundled',
    'bundle_gzip_bytes_external',
    'bundle_gzip_bytes_bundled',
    'stack_bundles_sdk',
    'stack_source_maps',
    'cold_init_ms_over_node',
    'cold_init_bundled_ms_over_node',
    'cold_init_external_ms_over_node',
    'cold_init_cpu_ms_over_node',
    'cold_init_with_source_maps_ms_over_node',
    'cold_init_without_sdk_ms_over_node',
    'cold_init_without_sdk_cpu_ms_over_node',
    'cold_init_bare_node_ms',
    'cold_init_runs',
    ...coldRequestKeys(''),
    ...coldRequestKeys('_node24'),
    'cold_request_runs',
  ],
  load: [
    'load_rps',
    'load_p50_ms',
    'load_p99_ms',
    'load_non2xx',
    'load_errors',
    'load_server_cpu_us_per_request',
    'load_single_rps',
    'load_single_mean_ms',
    'load_single_p99_ms',
    'load_connections',
    'load_duration_s',
  ],
  secret: [
    'stale_while_hanging_p50_ms',
    'stale_while_hanging_p99_ms',
    'stale_while_hanging_max_ms',
    'stale_while_hanging_non2xx',
    'stale_while_hanging_requests',
  ],
  burst: [
    'burst_1_first_request_ms',
    'burst_20_get_secret_value_calls',
    'burst_20_get_secret_value_retries',
    'burst_20_first_request_p50_ms',
    'burst_20_first_request_max_ms',
    'burst_20_all_answered_ms',
    'burst_20_cpu_ms_per_environment',
    'burst_50_get_secret_value_calls',
    'burst_50_get_secret_value_retries',
    'burst_50_first_request_p50_ms',
    'burst_50_first_request_max_ms',
    'burst_50_all_answered_ms',
    'burst_50_cpu_ms_per_environment',
  ],
};

function table(values: Record<string, number>, machine: Record<string, unknown>): string {
  const rows: string[][] = [['metric', 'value', 'target', '']];
  for (const section of SECTIONS) {
    for (const key of KEYS[section]) {
      const value = values[key];
      if (value === undefined) continue;
      const target = TARGETS.find((t) => t.key === key);
      const status = target === undefined ? '' : target.met(value) ? 'met' : 'MISSED';
      rows.push([key, value.toLocaleString('en-US'), target?.label ?? '', status]);
    }
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const header = [
    `node ${machine.node} · ${machine.cpus} CPUs · ${machine.cpu_model}`,
    `load average ${machine.loadavg_1m_start} → ${machine.loadavg_1m_end} · ${machine.duration_s} s${
      machine.quick ? ' · quick' : ''
    }`,
  ];
  return `${[...header, '', line(rows[0] as string[]), ...rows.slice(1).map(line)].join('\n')}\n`;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
