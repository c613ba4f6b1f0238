/// <reference lib="dom" />
// The local server's console API (functions/local/console/route.ts). Same origin only.

export interface StackInfo {
  mode: 'emulator' | 'cognito';
  appId: number;
  secretGenerated: boolean;
  publishGroup: string | null;
  users: { username: string; groups: string[]; mayPublish: boolean }[];
}

export interface InspectedHeader {
  version: string;
  cipher: string;
  expiresAt: number;
  expired: boolean;
}

export interface DecodedFields extends InspectedHeader {
  appId: number;
  userId: string;
  nonce: number | string;
  issuedAt: number;
  privilege: {
    roomId: string;
    loginRoom: boolean;
    publishStream: boolean;
    streamIds: string[] | null;
  } | null;
}

export interface TokenInspection {
  header: InspectedHeader;
  decoded?: DecodedFields;
  decodeError?: { code: string; message: string };
  kit?: { userID?: unknown; roomID?: unknown; userName?: unknown; appID?: unknown };
}

/** What the local server made (functions/local/console/generate.ts). */
export interface GeneratedToken {
  token: string;
  kitToken?: string;
  version: string;
  cipher: string;
  appId: number;
  userId: string;
  issuedAt: number;
  expiresAt: number;
  ttlSeconds: number;
  inspection: TokenInspection;
}

export interface GenerateRequest {
  appId: number;
  userId: string;
  ttlSeconds: number;
  roomId?: string;
  loginRoom?: boolean;
  publishStream?: boolean;
  streamIds?: string[];
  cipher?: string;
  version?: string;
  kitUserName?: string;
  userIdMaxBytes?: string;
}

export interface VerifyRequest {
  token: string;
  appId: number;
  userId: string;
  roomId?: string;
}

export interface VerifyAnswer {
  valid: boolean;
  checks: { check: string; ok: boolean; message: string }[];
  inspection?: TokenInspection;
}

/** Which ServerSecret the local server uses: this stack's, or one typed (used once, not kept). */
export type SecretToUse = { secretSource: 'stack' } | { secretSource: 'given'; secret: string };

export type SecretChoice =
  | { secretSource: 'none' }
  | { secretSource: 'stack' }
  | { secretSource: 'given'; secret: string };

class ConsoleApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A failed call as the page shows it: the API's code and message, else the error as text. */
export function describeApiError(error: unknown): string {
  return error instanceof ConsoleApiError ? `${error.code}: ${error.message}` : String(error);
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new ConsoleApiError(String(json.code ?? response.status), String(json.message ?? ''));
  }
  return json as T;
}

export const consoleApi = {
  info: () => call<StackInfo>('info'),
  signIn: (username: string) => call<{ idToken: string }>('sign-in', { username }),
  inspect: (token: string, secret: SecretChoice) =>
    call<TokenInspection>('inspect', { token, ...secret }),
  generate: (request: GenerateRequest, secret: SecretToUse) =>
    call<GeneratedToken>('generate', { ...request, ...secret }),
  verify: (request: VerifyRequest, secret: SecretToUse) =>
    call<VerifyAnswer>('verify', { ...request, ...secret }),
};
