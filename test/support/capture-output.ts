// Captures everything written to stdout and stderr (Powertools' Logger and Metrics write there
// through their own Console) until restored.
import { vi } from 'vitest';

export interface CapturedOutput {
  /** Everything written so far, as one string. */
  text(): string;
  /** Each written line parsed as JSON (lines that are not JSON are skipped). */
  records(): Record<string, unknown>[];
  clear(): void;
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const grab = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(grab);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(grab);
  return {
    text: () => chunks.join(''),
    records: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    clear: () => {
      chunks.length = 0;
    },
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}
