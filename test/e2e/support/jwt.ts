// JWT helpers for the end-to-end tests, on node:crypto alone (no code under test): RS256
// signing, a loopback JWKS endpoint with a fresh key, and the emulator's published test key.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(
  payload: Record<string, unknown>,
  key: KeyObject | string,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' },
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Replaces the payload and keeps the original signature (a tampered token). */
export function tamperPayload(token: string, change: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64url({ ...jwtPayload(token), ...change })}.${signature}`;
}

/** cognito-local signs every token with one fixed, published key; tests may use it too. */
export function emulatorSigningKey(): string {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('cognito-local/package.json'));
  const json = JSON.parse(
    readFileSync(join(dir, 'lib', 'keys', 'cognitoLocal.private.json'), 'utf8'),
  ) as { pem: string };
  return json.pem;
}

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  kid: string;
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** A second key the JWKS does not list (for forged signatures). */
  signWithOtherKey(payload: Record<string, unknown>): string;
  jwksRequests(): number;
  close(): Promise<void>;
}

/** A minimal OIDC issuer on loopback: serves `<issuer>/.well-known/jwks.json` with one RSA key. */
export async function startTestIssuer(poolId = 'local_TestPool1'): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url === `/${poolId}/.well-known/jwks.json`) {
      requests++;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}/${poolId}`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    kid,
    sign: (payload, header = { alg: 'RS256', typ: 'JWT', kid }) =>
      signJwt(payload, privateKey, header),
    signWithOtherKey: (payload) =>
      signJwt(payload, other.privateKey, { alg: 'RS256', typ: 'JWT', kid }),
    jwksRequests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
