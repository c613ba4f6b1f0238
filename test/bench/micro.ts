// Interleaved micro-benchmarks on tinybench. The machine is shared, so one long run per task
// would compare one task's quiet second with another's busy one. Instead every task runs briefly
// in each of many rounds, in a rotating order: each round gives every task an ops/s figure taken
// moments apart from the others'. Ratios are taken within a round and the median over rounds is
// reported, so a burst of a neighbour's work spoils a round, not the result.
//
// Alongside the wall-clock figure, each task's process CPU time (user + system, all threads, so
// GC helpers included) is summed over its timed runs: CPU time is not inflated while the process
// waits for a core, so it is the steadier figure on a busy machine.
import { Bench, type Fn } from 'tinybench';
import { median } from './stats.ts';

export type SyncOp = () => unknown;
export type AsyncOp = () => Promise<unknown>;

export interface MicroOptions {
  /** Rounds of the whole task list (the first is preceded by a warm-up of every task). */
  rounds: number;
  /** Time budget per task per round, ms. */
  timeMs: number;
  /** Calls per tinybench sample: amortises the timer reads over several microsecond calls. */
  batch: number;
}

export interface MicroResult {
  /** ops/s (wall clock) per task per round: perRound[task][round]. */
  perRound: Record<string, number[]>;
  /** Median over rounds of each task's ops/s. */
  opsPerSecond: Record<string, number>;
  /** Each task's calls per second of process CPU time, over all its timed runs. */
  opsPerCpuSecond: Record<string, number>;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * ops/s from a round: the task's mean period (GC pauses included), times the batch. Also adds
 * the round's calls to the CPU tally (tinybench counts runs only after its afterAll hook).
 */
function opsOf(bench: Bench, name: string, batch: number, cpu: CpuTally): number {
  const task = bench.getTask(name);
  const result = task?.result;
  if (task === undefined || result === undefined || !('period' in result)) {
    const error = result !== undefined && 'error' in result ? result.error : undefined;
    throw new Error(`benchmark task "${name}" did not complete`, { cause: error });
  }
  const entry = cpu[name];
  if (entry !== undefined) entry.calls += task.runs * batch;
  return (batch * 1000) / result.period;
}

/** Per task: process CPU time and calls over its timed runs. */
type CpuTally = Record<string, { micros: number; calls: number }>;

function prepareRound(
  tasks: Record<string, Fn>,
  options: MicroOptions,
  round: number,
  cpu: CpuTally,
): Bench {
  const bench = new Bench({
    time: options.timeMs,
    warmup: round === 0,
    // Long enough for the optimising compiler to settle on every task before the first round.
    warmupTime: Math.max(300, options.timeMs),
    throws: true,
  });
  for (const name of rotate(Object.keys(tasks), round)) {
    let startedAt = 0;
    bench.add(name, tasks[name] as Fn, {
      beforeAll(mode) {
        if (mode === 'run') startedAt = cpuMicros();
      },
      afterAll(mode) {
        if (mode !== 'run') return;
        const entry = cpu[name] ?? { micros: 0, calls: 0 };
        entry.micros += cpuMicros() - startedAt;
        cpu[name] = entry;
      },
    });
  }
  return bench;
}

function summarise(perRound: Record<string, number[]>, cpu: CpuTally): MicroResult {
  const opsPerSecond = Object.fromEntries(
    Object.entries(perRound).map(([name, values]) => [name, median(values)]),
  );
  const opsPerCpuSecond = Object.fromEntries(
    Object.entries(cpu).map(([name, { micros, calls }]) => [name, (calls * 1e6) / micros]),
  );
  return { perRound, opsPerSecond, opsPerCpuSecond };
}

export function runSyncMicro(tasks: Record<string, SyncOp>, options: MicroOptions): MicroResult {
  const batched: Record<string, Fn> = {};
  for (const [name, op] of Object.entries(tasks)) {
    const batch = options.batch;
    batched[name] = () => {
      for (let i = 0; i < batch; i++) op();
    };
  }
  const perRound: Record<string, number[]> = Object.fromEntries(
    Object.keys(tasks).map((n) => [n, []]),
  );
  const cpu: CpuTally = {};
  for (let round = 0; round < options.rounds; round++) {
    const bench = prepareRound(batched, options, round, cpu);
    bench.runSync();
    for (const name of Object.keys(tasks))
      perRound[name]?.push(opsOf(bench, name, options.batch, cpu));
  }
  return summarise(perRound, cpu);
}

export async function runAsyncMicro(
  tasks: Record<string, AsyncOp>,
  options: MicroOptions,
): Promise<MicroResult> {
  const batched: Record<string, Fn> = {};
  for (const [name, op] of Object.entries(tasks)) {
    const batch = options.batch;
    batched[name] = async () => {
      for (let i = 0; i < batch; i++) await op();
    };
  }
  const perRound: Record<string, number[]> = Object.fromEntries(
    Object.keys(tasks).map((n) => [n, []]),
  );
  const cpu: CpuTally = {};
  for (let round = 0; round < options.rounds; round++) {
    const bench = prepareRound(batched, options, round, cpu);
    await bench.run();
    for (const name of Object.keys(tasks))
      perRound[name]?.push(opsOf(bench, name, options.batch, cpu));
  }
  return summarise(perRound, cpu);
}

/** Median over rounds of a/b, each ratio taken within one round. */
export function roundRatio(result: MicroResult, a: string, b: string): number {
  const top = result.perRound[a] ?? [];
  const bottom = result.perRound[b] ?? [];
  return median(top.map((value, i) => value / (bottom[i] ?? Number.NaN)));
}
