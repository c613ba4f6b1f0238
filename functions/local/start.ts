// `npm start`: runs the token service on this machine — cognito-local (seeded), an API Gateway
// stand-in with a Cognito authorizer, and the real handler — until Ctrl-C.
import { ConfigError, envFlag, TOOL_ENV } from '#contract/env.ts';
import type { AccessLogEntry } from './gateway.ts';
import { type LocalStack, startLocalStack } from './stack.ts';
import { devSecretFile, removeState, writeDevSecret, writeState } from './state.ts';

const env = process.env;
const debug = envFlag(env, TOOL_ENV.localDebug);
const out = (text = '') => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

function accessLog(e: AccessLogEntry): void {
  const time = new Date().toISOString().slice(11, 19);
  out(`${time} ${e.method} ${e.path} ${e.status} ${e.durationMs}ms ${e.requestId}`);
}

function banner(stack: LocalStack): string {
  const lines: string[] = [];
  const url = `${stack.url}/token`;
  lines.push('', 'ZEGO token service: running locally (development only)', '');
  lines.push(`  POST ${url}`);
  lines.push(
    `  Console: ${stack.url}/console/ (development only: sign in, issue, inspect, renewal)`,
  );
  if (stack.mode === 'emulator') {
    const c = stack.cognito;
    lines.push(
      `  Cognito: cognito-local at ${c.endpoint} (user pool ${c.userPoolId}, app client ${c.clientIds[0]})`,
      `           its log: ${debug ? `shown below (${TOOL_ENV.localDebug})` : c.logFile}`,
      '',
      '  Seeded users (DEV-ONLY passwords, valid for this run only):',
    );
    const width = Math.max(...stack.users.map((u) => u.username.length));
    for (const u of stack.users) {
      const publishes = u.groups.includes(stack.publishGroup ?? '');
      const groups = u.groups.length ? u.groups.join(',') : '(no group)';
      lines.push(
        `    ${u.username.padEnd(width)}  password ${u.password}  ${groups}${publishes ? ' (may publish)' : ' (may not publish)'}`,
      );
    }
  } else {
    lines.push(
      `  Cognito: trusting the real user pool ${stack.cognito.issuer}`,
      `           app client(s) ${stack.cognito.clientIds.join(', ')}`,
    );
  }
  lines.push('');
  if (stack.secret.generated) {
    lines.push(
      `  ZEGO app: GENERATED DEV-ONLY AppID ${stack.secret.appId} and ServerSecret ${stack.secret.serverSecret}`,
      `           (tokens will not work with a real ZEGO app: set ${TOOL_ENV.appId} and ${TOOL_ENV.serverSecret})`,
      `           decode one: npm run -s token -- decode --secret-file ${devSecretFile(stack.port)} <token>`,
      '           (or paste it into the console\'s "Inspect any token")',
    );
  } else {
    lines.push(
      `  ZEGO app: AppID ${stack.secret.appId} and the ServerSecret from ${TOOL_ENV.serverSecret} (not shown)`,
    );
  }
  lines.push('', '  Try it:');
  const body = `'{"roomId":"room-1","privileges":{"loginRoom":true,"publishStream":true}}'`;
  if (stack.mode === 'emulator') {
    const portPrefix = stack.port === 3000 ? '' : `PORT=${stack.port} `;
    const user = stack.users[0]?.username ?? 'alice';
    lines.push(
      `    curl -s -X POST ${url} -w '\\n' -H "Authorization: Bearer $(${portPrefix}npm run -s dev:token -- ${user})" -H 'Content-Type: application/json' -d ${body}`,
    );
  } else {
    lines.push(
      "    ID_TOKEN='paste an ID token from your user pool here'",
      `    curl -s -X POST ${url} -w '\\n' -H "Authorization: Bearer $ID_TOKEN" -H 'Content-Type: application/json' -d ${body}`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  // EMF metric documents would interleave with the logs on this console; opt in with =false.
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // The SDK's notice about Node 22 (the Lambda runtime) is not actionable for a local run.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      env,
      debugEmulator: debug,
      onAccessLog: accessLog,
      onDiagnostic: (message) => err(`[gateway] ${message}`),
      devConsole: true,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`npm start: configuration error: ${error.message}`);
    } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      err(
        `npm start: port ${env.PORT || 3000} is in use; stop the other server or set PORT (e.g. PORT=3001 npm start)`,
      );
    } else {
      err(`npm start: could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 1;
    return;
  }

  writeState({
    version: 1,
    pid: process.pid,
    url: stack.url,
    port: stack.port,
    mode: stack.mode,
    cognitoEndpoint: stack.cognito.endpoint,
    cognitoPid: stack.cognito.pid,
    userPoolId: stack.cognito.userPoolId,
    clientId: stack.cognito.clientIds[0],
    users: stack.users.map((u) => ({
      username: u.username,
      password: u.password,
      groups: u.groups,
    })),
  });
  if (stack.secret.generated) writeDevSecret(stack.port, stack.secret.serverSecret);
  out(banner(stack));

  let stoppingSince = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      // One keypress can arrive twice (terminal and tsx relay); a later one means "now".
      if (Date.now() - stoppingSince < 1000) return;
      err(`received ${signal} again: exiting now`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    out(`\n${signal}: stopping...`);
    removeState(stack.port);
    stack.stop().then(
      () => {
        out('stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        err(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
  process.on('exit', () => removeState(stack.port));
}

await main();
