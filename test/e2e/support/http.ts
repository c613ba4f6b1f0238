// A tiny HTTP client on node:http for the end-to-end tests (lets a test send repeated headers).
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

export const keepAliveAgent = new Agent({ keepAlive: true, maxSockets: 256 });

export function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
    agent?: Agent;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent ?? keepAliveAgent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as unknown,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST /token with a bearer token and a JSON body (string bodies are sent as they are). */
export function postToken(
  baseUrl: string,
  jwt: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const text =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return send(`${baseUrl}/token`, {
    method: 'POST',
    headers: {
      ...(jwt === undefined ? {} : { Authorization: `Bearer ${jwt}` }),
      ...(text === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: text,
  });
}
