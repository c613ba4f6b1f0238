// A Lambda stand-in on 127.0.0.1 (REST JSON protocol) for GetFunctionConfiguration and
// UpdateFunctionConfiguration, with revision IDs checked as Lambda checks them.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFunction {
  variables: Record<string, string>;
  revision: number;
}

export interface FakeLambda {
  readonly url: string;
  readonly functions: Map<string, FakeFunction>;
  /** Environment variables received by each UpdateFunctionConfiguration, in order. */
  readonly updates: Record<string, string>[];
  /** "GetFunctionConfiguration" / "UpdateFunctionConfiguration" answered AccessDeniedException. */
  denied: Set<string>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}

export async function startFakeLambda(): Promise<FakeLambda> {
  const state = {
    url: '',
    functions: new Map<string, FakeFunction>(),
    updates: [] as Record<string, string>[],
    denied: new Set<string>(),
    close: async () => {},
  };
  const configuration = (name: string, fn: FakeFunction) => ({
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${name}`,
    Runtime: 'nodejs22.x',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    RevisionId: `rev-${fn.revision}`,
    Environment: { Variables: fn.variables },
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/configuration/.exec(req.url ?? '');
      const name = decodeURIComponent(match?.[1] ?? '');
      const operation =
        req.method === 'PUT' ? 'UpdateFunctionConfiguration' : 'GetFunctionConfiguration';
      if (state.denied.has(operation)) {
        send(
          res,
          403,
          { Type: 'User', Message: `not authorized to perform: lambda:${operation}` },
          'AccessDeniedException',
        );
        return;
      }
      const fn = state.functions.get(name);
      if (!match || fn === undefined) {
        send(
          res,
          404,
          { Type: 'User', Message: `Function not found: ${name}` },
          'ResourceNotFoundException',
        );
        return;
      }
      if (operation === 'GetFunctionConfiguration') {
        send(res, 200, configuration(name, fn));
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        RevisionId?: string;
        Environment?: { Variables?: Record<string, string> };
      };
      if (input.RevisionId !== undefined && input.RevisionId !== `rev-${fn.revision}`) {
        send(
          res,
          412,
          {
            Type: 'User',
            Message: 'The Revision Id provided does not match the latest Revision Id.',
          },
          'PreconditionFailedException',
        );
        return;
      }
      fn.variables = { ...(input.Environment?.Variables ?? {}) };
      fn.revision += 1;
      state.updates.push(fn.variables);
      send(res, 200, configuration(name, fn));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
