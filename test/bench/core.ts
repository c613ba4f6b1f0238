// Items 1 and 2: Token04 GCM generation (ours, the official library's steps, the floor) and
// decoding, interleaved in the same rounds.
import { decodeToken, generateToken } from '../../functions/core/index.ts';
import { type MicroOptions, roundRatio, runSyncMicro } from './micro.ts';
import { makeFloor, referenceToken04 } from './reference.ts';

// A realistic request: a 32-hex-digit user ID (a Cognito sub without hyphens), one hour, basic
// token. The secret is a fixed bench value, not a real one.
export const BENCH_APP_ID = 1_234_567_890;
export const BENCH_USER_ID = '3f2b6c1e9a8d4b7c8e1f0a2b3c4d5e6f';
export const BENCH_SECRET = '0123456789abcdef0123456789abcdef';
export const BENCH_TTL_SECONDS = 3600;

export interface CoreResults {
  ours_ops_per_s: number;
  reference_ops_per_s: number;
  floor_ops_per_s: number;
  ratio_vs_reference: number;
  ratio_vs_floor: number;
  decode_ops_per_s: number;
  /** The same contenders per second of process CPU time (steadier on a busy machine). */
  ours_cpu_ops_per_s: number;
  reference_cpu_ops_per_s: number;
  floor_cpu_ops_per_s: number;
  ratio_vs_reference_cpu: number;
  ratio_vs_floor_cpu: number;
}

export function benchCore(options: MicroOptions): CoreResults {
  const ours = () =>
    generateToken({
      appId: BENCH_APP_ID,
      userId: BENCH_USER_ID,
      secret: BENCH_SECRET,
      ttlSeconds: BENCH_TTL_SECONDS,
    });
  const reference = () =>
    referenceToken04(BENCH_APP_ID, BENCH_USER_ID, BENCH_SECRET, BENCH_TTL_SECONDS);
  const floor = makeFloor({
    appId: BENCH_APP_ID,
    userId: BENCH_USER_ID,
    secret: BENCH_SECRET,
    ttlSeconds: BENCH_TTL_SECONDS,
  });
  // Decode a token with the maximum lifetime: it stays unexpired however long the run takes.
  const sample = generateToken({
    appId: BENCH_APP_ID,
    userId: BENCH_USER_ID,
    secret: BENCH_SECRET,
    ttlSeconds: 2_073_600,
  }).token;
  const decode = () => decodeToken(sample, BENCH_SECRET);

  // Sanity before timing: every contender makes what it claims to make.
  const check = decodeToken(reference(), BENCH_SECRET);
  if (check.userId !== BENCH_USER_ID || check.appId !== BENCH_APP_ID) {
    throw new Error('the reference token does not decode to its inputs');
  }
  if (decode().userId !== BENCH_USER_ID) throw new Error('decode returned the wrong user');

  const result = runSyncMicro({ ours, reference, floor, decode }, options);
  const ops = result.opsPerSecond;
  const cpu = result.opsPerCpuSecond;
  const nan = Number.NaN;
  return {
    ours_ops_per_s: ops.ours ?? nan,
    reference_ops_per_s: ops.reference ?? nan,
    floor_ops_per_s: ops.floor ?? nan,
    ratio_vs_reference: roundRatio(result, 'ours', 'reference'),
    ratio_vs_floor: roundRatio(result, 'ours', 'floor'),
    decode_ops_per_s: ops.decode ?? nan,
    ours_cpu_ops_per_s: cpu.ours ?? nan,
    reference_cpu_ops_per_s: cpu.reference ?? nan,
    floor_cpu_ops_per_s: cpu.floor ?? nan,
    ratio_vs_reference_cpu: (cpu.ours ?? nan) / (cpu.reference ?? nan),
    ratio_vs_floor_cpu: (cpu.ours ?? nan) / (cpu.floor ?? nan),
  };
}
