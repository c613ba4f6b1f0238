// Entry point of the operator commands (npm run ops -- …).
import { runOps } from './cli.ts';

process.exitCode = await runOps(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
