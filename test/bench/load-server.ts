// Child process of item 5: the local stack exactly as `npm start` and the end-to-end tests run it
// (cognito-local seeded, the API Gateway stand-in with its Cognito authorizer, the real handler
// with its logs on), on a free loopback port. It signs the seeded publisher in, reports the URL
// and ID token over IPC, reports its CPU time when asked ("usage"), and stops the stack when the
// parent says so ("stop"). The server gets a process
// (and so a core) of its own: the load generator must not share its event loop.
import { startLocalStack } from '../../functions/local/stack.ts';
import { BENCH_APP_ID, BENCH_SECRET } from './core.ts';

export interface LoadServerReady {
  kind: 'ready';
  url: string;
  idToken: string;
  username: string;
}

/** CPU time this process has used so far (user + system), in microseconds. */
export interface LoadServerUsage {
  kind: 'usage';
  cpuMicros: number;
}

async function main(): Promise<void> {
  const stack = await startLocalStack({
    env: {
      POWERTOOLS_SERVICE_NAME: 'zego-token-local',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    },
    port: 0,
    cognito: 'emulator',
    secret: { appId: BENCH_APP_ID, serverSecret: BENCH_SECRET, generated: false },
    quiet: false,
  });
  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'usage') {
      const { user, system } = process.cpuUsage();
      const usage: LoadServerUsage = { kind: 'usage', cpuMicros: user + system };
      process.send?.(usage);
    } else {
      void stop();
    }
  });
  process.on('disconnect', () => void stop());
  try {
    const username = stack.users[0]?.username ?? 'alice';
    const { idToken } = await stack.signIn(username);
    const ready: LoadServerReady = { kind: 'ready', url: stack.url, idToken, username };
    process.send?.(ready);
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`load server failed: ${String(error)}\n`);
  process.exit(1);
});
