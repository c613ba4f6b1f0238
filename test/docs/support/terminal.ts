// An interactive shell in a real pseudo-terminal (`script`: util-linux's on Linux, BSD's on
// macOS), driven like a person at a terminal: text is pasted with bracketed paste (as terminal emulators paste), Enter and Ctrl-C
// are keystrokes, and everything the terminal shows is kept as a transcript.
import { type ChildProcess, spawn } from 'node:child_process';

const ESC = String.fromCharCode(27);
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;
/** CSI and OSC sequences, and the bare `ESC =`/`ESC >` keypad switches. */
const CONTROL = new RegExp(
  `${ESC}\\[[0-9;?]*[ -/]*[@-~]|${ESC}\\][^${String.fromCharCode(7)}]*${String.fromCharCode(7)}|${ESC}[=>]`,
  'g',
);

export class Terminal {
  private readonly child: ChildProcess;
  private raw = '';
  readonly exited: Promise<number | null>;

  /** `shell` is the command line the terminal runs, e.g. `zsh -f -i`. */
  constructor(shell: string, options: { cwd: string; env: NodeJS.ProcessEnv }) {
    // util-linux: script -q -f -c CMD FILE; BSD (macOS): script -q -F FILE CMD ARGS…
    const args =
      process.platform === 'linux'
        ? ['-qfc', shell, '/dev/null']
        : ['-qF', '/dev/null', ...shell.split(' ')];
    this.child = spawn('script', args, {
      cwd: options.cwd,
      env: { ...options.env, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      this.raw += chunk.toString('utf8');
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** What the terminal has shown so far, without control sequences or carriage returns. */
  text(): string {
    return this.raw.replace(CONTROL, '').replace(/\r/g, '');
  }

  /** Pastes `text` (bracketed, as a terminal emulator does) and presses Enter. */
  paste(text: string): void {
    this.child.stdin?.write(`${PASTE_START}${text}${PASTE_END}\r`);
  }

  /** Types a line and presses Enter. */
  type(line: string): void {
    this.child.stdin?.write(`${line}\r`);
  }

  pressCtrlC(): void {
    this.child.stdin?.write(String.fromCharCode(3));
  }

  /** Waits until the transcript (from `from` on) matches `pattern`; returns the match. */
  async waitFor(pattern: RegExp, label: string, ms = 60_000, from = 0): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.text().slice(from));
      if (match) return match;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${label}; the terminal shows:\n${this.text()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Runs `echo` of a computed marker and waits for its output: everything before has finished. */
  async settle(label: string, ms = 60_000): Promise<void> {
    const n = Math.floor(Math.random() * 1e6);
    const from = this.text().length;
    // The shell prints the sum, which is not in what was typed.
    this.type(`echo settled-$((${n}+1))`);
    await this.waitFor(new RegExp(`^settled-${n + 1}$`, 'm'), label, ms, from);
  }

  /** Ends the shell (and, with it, `script`); kills the process group if it does not go. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.stdin?.end(`exit\r`);
    const timer = setTimeout(() => {
      try {
        if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}
