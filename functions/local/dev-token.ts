// `npm run -s dev:token -- <username> [--access]`: prints a fresh Cognito ID token (or access
// token) for a user seeded by the running `npm start`, signing in against its emulator.
// With several local stacks running, PORT picks the one whose gateway listens on that port.
import { parseArgs } from 'node:util';
import { signIn } from './seed.ts';
import { type LocalStackState, listStates, stateFile } from './state.ts';

const USAGE = 'Usage: npm run -s dev:token -- <username> [--access]';

function pickState(): LocalStackState {
  const states = listStates();
  const port = process.env.PORT?.trim();
  if (port && !/^\d{1,5}$/.test(port))
    throw new Error(`PORT must be a port number (got "${port}")`);
  if (port) {
    const state = states.find((s) => String(s.port) === port);
    if (!state) {
      throw new Error(
        `no local stack is running on port ${port} (no live ${stateFile(Number(port))}); start one with: PORT=${port} npm start`,
      );
    }
    return state;
  }
  if (states.length === 0) {
    throw new Error('no local stack is running; start one with: npm start');
  }
  if (states.length > 1) {
    const ports = states.map((s) => s.port).join(', ');
    throw new Error(
      `several local stacks are running (ports ${ports}); choose one with PORT=<port>`,
    );
  }
  return states[0] as LocalStackState;
}

async function main(): Promise<number> {
  // The SDK's Node-version notice would land in the terminal on every `$(...)`.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { access: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(`dev:token: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const username = args.positionals[0];
  if (!username || args.positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const state = pickState();
    if (state.mode !== 'emulator' || !state.cognitoEndpoint || !state.clientId) {
      throw new Error(
        'the running local stack trusts a real user pool; sign in through your app instead',
      );
    }
    const user = state.users.find((u) => u.username === username);
    if (!user) {
      const known = state.users.map((u) => u.username).join(', ');
      throw new Error(`no seeded user "${username}" (seeded: ${known})`);
    }
    const tokens = await signIn(
      state.cognitoEndpoint,
      state.clientId,
      user.username,
      user.password,
    );
    process.stdout.write(`${args.values.access ? tokens.accessToken : tokens.idToken}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`dev:token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
