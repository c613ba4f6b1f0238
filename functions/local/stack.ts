// The whole local stack: Cognito (the emulator, seeded — or a real pool), the API Gateway
// stand-in with its Cognito authorizer, and the real token handler behind it.
// Used by `npm start` (start.ts) and by the end-to-end tests.
import {
  type Env,
  envList,
  envString,
  FUNCTION_ENV,
  listVariableValue,
  TOOL_ENV,
} from '#contract/env.ts';
import { TOKEN_REQUEST_MODEL } from '#contract/request-model.ts';
import { createJwtAuthorizer } from './authorizer.ts';
import { type CognitoEmulator, startCognitoEmulator } from './cognito-emulator.ts';
import {
  LOOPBACK_HOST,
  type LocalSecret,
  readLocalSecret,
  readPort,
  readTokenUse,
  readTrustedPool,
  type TrustedPoolConfig,
} from './config.ts';
import type { ConsoleContext } from './console/route.ts';
import { type AccessLogEntry, type Gateway, startGateway } from './gateway.ts';
import type { GatewayResponseStyle } from './gateway-responses.ts';
import type { HandlerFactory, HandlerFactoryInput, ProxyHandler } from './handler-factory.ts';
import {
  DEFAULT_PUBLISH_GROUP,
  type SeededUser,
  type SeedUserSpec,
  type SignInResult,
  seedUserPool,
  signIn,
} from './seed.ts';

export interface LocalStackOptions {
  /** Default: process.env. */
  env?: Env;
  /** Gateway port; default `PORT` or 3000; 0 = any free port. */
  port?: number;
  /** Default: a real pool when COGNITO_* variables are set, else the emulator. */
  cognito?: 'emulator' | TrustedPoolConfig;
  /** Default: TOOL_ENV.appId/serverSecret when set, else generated (dev-only). */
  secret?: LocalSecret;
  /** Default: the real handler (createTokenHandler). */
  createHandler?: HandlerFactory;
  /** Seeded users (emulator mode); default alice (publisher) and bob. */
  users?: SeedUserSpec[];
  publishGroup?: string;
  quiet?: boolean;
  /** API Gateway's body validator with the stack's request model (default true). */
  validateRequests?: boolean;
  /** Gateway error bodies: as the stack customises them (default) or API Gateway's defaults. */
  gatewayResponses?: GatewayResponseStyle;
  /** Show the emulator's own logs (default: only in its log file). */
  debugEmulator?: boolean;
  onAccessLog?: (entry: AccessLogEntry) => void;
  onDiagnostic?: (message: string) => void;
  /** Also serve the developer console under /console/ (npm start; default false). */
  devConsole?: boolean;
}

export interface LocalStack {
  readonly url: string;
  readonly port: number;
  readonly mode: 'emulator' | 'cognito';
  readonly cognito: {
    issuer: string;
    clientIds: string[];
    /** Emulator mode only. */
    endpoint?: string;
    userPoolId?: string;
    region?: string;
    /** The emulator's process id (emulator mode). */
    pid?: number;
    logFile?: string;
  };
  readonly publishGroup?: string;
  /** Seeded users with their dev-only passwords (emulator mode). */
  readonly users: SeededUser[];
  readonly secret: LocalSecret;
  readonly handlerEnv: Readonly<Record<string, string | undefined>>;
  /** Signs a seeded user in with USER_PASSWORD_AUTH (emulator mode). */
  signIn(username: string): Promise<SignInResult>;
  /** Stops the gateway and the emulator; idempotent. */
  stop(): Promise<void>;
}

/** The console's code is loaded only when it is asked for. */
async function createDevConsole(context: ConsoleContext) {
  const { createConsoleHandler } = await import('./console/route.ts');
  return createConsoleHandler(context);
}

let realHandlerModule: Promise<typeof import('./real-handler.ts')> | undefined;
function loadRealHandler() {
  realHandlerModule ??= import('./real-handler.ts');
  return realHandlerModule;
}

async function defaultHandlerFactory(input: HandlerFactoryInput): Promise<ProxyHandler> {
  const { createRealHandler } = await loadRealHandler();
  return createRealHandler(input);
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const port = options.port ?? readPort(env);
  const cognitoMode = options.cognito ?? readTrustedPool(env) ?? 'emulator';
  const secret = options.secret ?? readLocalSecret(env);
  const tokenUse = readTokenUse(env);
  const createHandler = options.createHandler ?? defaultHandlerFactory;
  const publishGroup = options.publishGroup ?? DEFAULT_PUBLISH_GROUP;
  // Load the handler's modules while the emulator starts.
  if (!options.createHandler) loadRealHandler().catch(() => undefined);

  let emulator: CognitoEmulator | undefined;
  let gateway: Gateway | undefined;
  const stop = async () => {
    await gateway?.close();
    await emulator?.stop();
  };

  try {
    let cognito: LocalStack['cognito'];
    let users: SeededUser[] = [];
    if (cognitoMode === 'emulator') {
      emulator = await startCognitoEmulator({ debug: options.debugEmulator });
      const seeded = await seedUserPool({
        endpoint: emulator.endpoint,
        publishGroup,
        users: options.users,
        userIdClaim: envString(env, FUNCTION_ENV.userIdClaim),
      });
      users = seeded.users;
      cognito = {
        issuer: seeded.issuer,
        clientIds: [seeded.clientId],
        endpoint: emulator.endpoint,
        userPoolId: seeded.userPoolId,
        region: 'us-east-1',
        pid: emulator.pid,
        logFile: emulator.logFile,
      };
    } else {
      cognito = {
        issuer: cognitoMode.issuer,
        clientIds: [...cognitoMode.clientIds],
        ...(cognitoMode.userPoolId ? { userPoolId: cognitoMode.userPoolId } : {}),
        ...(cognitoMode.region ? { region: cognitoMode.region } : {}),
      };
    }

    const handlerEnv = localHandlerEnv(env, {
      clientIds: cognito.clientIds,
      publishGroup: cognitoMode === 'emulator' ? publishGroup : undefined,
    });
    const handler = await createHandler({
      env: handlerEnv,
      secret: { appId: secret.appId, serverSecret: secret.serverSecret },
      quiet: options.quiet ?? false,
    });

    const authorizer = createJwtAuthorizer({
      issuer: cognito.issuer,
      jwksUri: cognitoMode === 'emulator' ? undefined : cognitoMode.jwksUri,
      clientIds: cognito.clientIds,
      tokenUse,
    });
    if (cognitoMode === 'emulator') await authorizer.hydrate();

    gateway = await startGateway({
      handler,
      authorizer,
      host: LOOPBACK_HOST,
      port,
      corsOrigins: envList(handlerEnv, FUNCTION_ENV.corsOrigins),
      requestSchema: options.validateRequests === false ? undefined : TOKEN_REQUEST_MODEL,
      gatewayResponses: options.gatewayResponses,
      onAccessLog: options.onAccessLog,
      onDiagnostic: options.onDiagnostic,
      devConsole: options.devConsole
        ? await createDevConsole({
            mode: cognitoMode === 'emulator' ? 'emulator' : 'cognito',
            users,
            publishGroup: cognitoMode === 'emulator' ? publishGroup : undefined,
            secret,
            // Called only once the stack below exists.
            signIn: (username) => stack.signIn(username),
          })
        : undefined,
    });

    const endpoint = cognito.endpoint;
    const clientId = cognito.clientIds[0] as string;
    const stack: LocalStack = {
      url: gateway.url,
      port: gateway.port,
      mode: cognitoMode === 'emulator' ? 'emulator' : 'cognito',
      cognito,
      ...(cognitoMode === 'emulator' ? { publishGroup } : {}),
      users,
      secret,
      handlerEnv,
      async signIn(username) {
        const user = users.find((u) => u.username === username);
        if (!endpoint || !user) {
          throw new Error(`no seeded user ${JSON.stringify(username)} in this local stack`);
        }
        return signIn(endpoint, clientId, user.username, user.password);
      },
      stop,
    };
    return stack;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * The function's environment for the local run: the caller's, with local defaults for what
 * the seeded pool needs (publish group, allowed app client) unless set explicitly. The
 * ServerSecret is handed to the handler directly, never through its environment.
 */
export function localHandlerEnv(
  env: Env,
  defaults: { clientIds: string[]; publishGroup?: string },
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  delete out[TOOL_ENV.serverSecret];
  if (defaults.publishGroup && envString(env, FUNCTION_ENV.publishGroups) === undefined) {
    out[FUNCTION_ENV.publishGroups] = defaults.publishGroup;
  }
  if (envString(env, FUNCTION_ENV.allowedClientIds) === undefined) {
    out[FUNCTION_ENV.allowedClientIds] = listVariableValue(
      FUNCTION_ENV.allowedClientIds,
      'allowedClientIds',
      defaults.clientIds,
    );
  }
  return out;
}
