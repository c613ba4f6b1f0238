// Entry point of the zego-token CLI (npm run -s token -- …, or the zego-token bin).
import { readFileSync } from 'node:fs';
import { promptHidden } from '#ops/prompt.ts';
import { runCli } from './cli.ts';

async function readProcessStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const stderr = (text: string) => process.stderr.write(text);
const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  readStdin: readProcessStdin,
  stdout: (text) => process.stdout.write(text),
  stderr,
  // On a terminal, with no other source, the secret is asked for without echo.
  promptSecret: process.stdin.isTTY
    ? () =>
        promptHidden(
          { env: process.env, stdin: process.stdin, stdout: () => undefined, stderr },
          'ZEGO ServerSecret (input hidden): ',
        )
    : undefined,
  version,
});
