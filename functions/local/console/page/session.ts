/// <reference lib="dom" />
// Panel 1: who is signed in (a seeded user via the local server's InitiateAuth, or a pasted ID
// token) and which token endpoint the kit calls.
import { consoleApi, describeApiError, type StackInfo } from './api.ts';
import { byId, make, showError } from './dom.ts';
import { countdown } from './token-view.ts';

export interface Session {
  /** The current ID token; throws when nobody is signed in (the kit reports it). */
  idToken(): string;
  /** The full URL of POST /token. */
  endpoint(): string;
  /** The signed-in user's `sub`, when the ID token shows one. */
  sub(): string | undefined;
  /** The signed-in user's name, as the ID token shows it. */
  username(): string;
  /** Called after each sign-in (a new user, or the same one again). */
  onSignIn(listener: () => void): void;
  /** The local stack: its AppID and seeded users. */
  stackInfo(): Promise<StackInfo>;
}

interface Claims {
  sub?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  token_use?: string;
  exp?: number;
}

/** The JWT's payload, for display only: the API's authorizer is what verifies it. */
function readClaims(jwt: string): Claims | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return undefined;
  }
}

export function setUpSession(): Session {
  const endpointInput = byId<HTMLInputElement>('endpoint');
  endpointInput.value = `${location.origin}/token`;
  const identity = byId('identity');
  const error = byId('sign-in-error');
  let current: { idToken: string; claims: Claims | undefined } | undefined;
  const listeners: (() => void)[] = [];

  function use(idToken: string, how: string): void {
    const claims = readClaims(idToken);
    current = { idToken, claims };
    identity.replaceChildren();
    const name = claims?.['cognito:username'] ?? '(unknown user)';
    const groups = claims?.['cognito:groups']?.join(', ') || 'no group';
    identity.append(
      'Signed in as ',
      make('strong', name, { 'data-field': 'username' }),
      ` (${how}; ${groups}; sub `,
      make('code', claims?.sub ?? '?', { 'data-field': 'sub' }),
      `; ${claims?.token_use ?? '?'} token, `,
    );
    if (claims?.exp) identity.append(countdown(claims.exp));
    identity.append(').');
    showError(error, undefined);
    for (const listener of listeners) listener();
  }

  async function signInAs(username: string): Promise<void> {
    try {
      const { idToken } = await consoleApi.signIn(username);
      use(idToken, 'InitiateAuth against the local Cognito emulator');
    } catch (e) {
      showError(error, describeApiError(e));
    }
  }

  byId('use-id-token').addEventListener('click', () => {
    const text = byId<HTMLTextAreaElement>('id-token-input').value.trim();
    if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(text)) {
      showError(error, 'That is not a JWT (three base64url parts separated by dots).');
      return;
    }
    use(text, 'pasted ID token');
  });

  const info = consoleApi.info();
  info.then(
    (stack) => showStack(stack, signInAs),
    (e: unknown) => showError(error, `Could not reach the local server: ${String(e)}`),
  );

  return {
    idToken() {
      if (!current) throw new Error('Sign in first (panel 1).');
      return current.idToken;
    },
    endpoint: () => endpointInput.value.trim(),
    sub: () => current?.claims?.sub,
    username: () => current?.claims?.['cognito:username'] ?? '(unknown user)',
    onSignIn: (listener) => listeners.push(listener),
    stackInfo: () => info,
  };
}

/** Puts the local stack's AppID in the input `id` unless something was typed there already. */
export function prefillAppId(session: Session, id: string): void {
  session.stackInfo().then(
    (info) => {
      const appId = byId<HTMLInputElement>(id);
      if (appId.value === '') appId.value = String(info.appId);
    },
    () => undefined,
  );
}

function showStack(info: StackInfo, signInAs: (username: string) => void): void {
  const text =
    info.mode === 'emulator'
      ? `Local stack: cognito-local emulator with seeded users; AppID ${info.appId}${info.secretGenerated ? ' (generated, dev-only)' : ''}.`
      : `Local stack trusting a real user pool (no seeded users): paste an ID token. AppID ${info.appId}.`;
  byId('stack-info').textContent = text;
  const buttons = byId('seeded-users');
  for (const user of info.users) {
    const note = user.mayPublish ? 'may publish' : 'may not publish';
    const button = make('button', `Sign in as ${user.username}`, {
      type: 'button',
      'data-user': user.username,
      title: `${user.groups.join(', ') || 'no group'}: ${note}`,
    });
    button.addEventListener('click', () => signInAs(user.username));
    buttons.append(button);
  }
}
