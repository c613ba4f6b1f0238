// How the bench starts its TypeScript child processes: `node --import tsx <script>`, with a CPU
// profile written to $ZEGO_BENCH_CPU_PROF_DIR when that is set (to find where the time goes).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tsxChildArgs(script: string, ...args: string[]): string[] {
  const profileDir = process.env.ZEGO_BENCH_CPU_PROF_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return [...profile, '--import', 'tsx', join(ROOT, 'test', 'bench', script), ...args];
}
