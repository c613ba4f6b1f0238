// Reading secrets without a shell: a hidden prompt on a terminal (raw mode, nothing echoed — not
// even a mask, which would show the length), or all of standard input when it is piped.
import type { OpsIo, PromptInput } from './io.ts';
import { OpsError } from './io.ts';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = new Set(['\u007f', '\b']);

export function isTerminal(input: PromptInput): boolean {
  return input.isTTY === true && typeof input.setRawMode === 'function';
}

/** Reads one line from a terminal without echoing it. Ctrl-C cancels (exit 130). */
export function promptHidden(io: OpsIo, question: string): Promise<string> {
  const input = io.stdin;
  if (!isTerminal(input)) throw new OpsError('a hidden prompt needs a terminal on stdin');
  // Raw mode before the question: text typed (or pasted) as soon as it shows is never echoed.
  input.setRawMode?.(true);
  io.stderr(question);
  return new Promise<string>((resolve, reject) => {
    let line = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      io.stderr('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === CTRL_C) return finish(new OpsError('cancelled', 130));
        if (char === CTRL_D) {
          if (line === '') return finish(new OpsError('cancelled (end of input)', 130));
          return finish();
        }
        if (BACKSPACES.has(char)) line = Array.from(line).slice(0, -1).join('');
        else line += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** Reads one visible line from a terminal (for values that are not secret, e.g. the AppID). */
export function promptVisible(io: OpsIo, question: string): Promise<string> {
  const input = io.stdin;
  io.stderr(question);
  return new Promise<string>((resolve) => {
    let line = '';
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString('utf8');
      const end = text.search(/[\r\n]/);
      if (end === -1) {
        line += text;
        return;
      }
      line += text.slice(0, end);
      input.off('data', onData);
      input.pause();
      resolve(line.trim());
    };
    input.on('data', onData);
    input.resume();
  });
}

/** All of a piped standard input, as text. */
export async function readAllStdin(io: OpsIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}
