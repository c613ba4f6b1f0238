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

export type SecretChoice =
  | { secretSource: 'none' }
  | { secretSource: 'stack' }
  | { secretSource: 'given'; secret: string };

export class ConsoleApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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
};
