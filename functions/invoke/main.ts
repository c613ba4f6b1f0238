// Entry point of `npm run invoke` (cli.ts).
import { runInvokeCli } from './cli.ts';

async function readAllStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('invoke: reading the event from the terminal (end it with Ctrl-D)\n');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await runInvokeCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readAllStdin,
});
