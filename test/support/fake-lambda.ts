// A Lambda stand-in on 127.0.0.1 (REST JSON protocol): GetFunctionConfiguration and
// UpdateFunctionConfiguration on $LATEST, PublishVersion, GetAlias and UpdateAlias, and
// GetProvisionedConcurrencyConfig for an alias, with revision IDs checked as Lambda checks them.
// Published versions keep the configuration they were published from, so a test can tell which
// configuration the API's target (the alias, or the function itself) runs.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAlias {
  name: string;
  version: string;
  revision: number;
  /** Provisioned concurrency of the alias; undefined: none. */
  provisioned?: number;
  /** GetProvisionedConcurrencyConfig answers IN_PROGRESS this many times after a move. */
  pendingPolls?: number;
}

export interface FakeFunction {
  /** $LATEST's variables. */
  variables: Record<string, string>;
  revision: number;
  /** Published versions ("1", "2", ...) and the variables each was published with. */
  versions?: Record<string, Record<string, string>>;
  alias?: FakeAlias;
}

export interface FakeLambda {
  readonly url: string;
  readonly functions: Map<string, FakeFunction>;
  /** Environment variables received by each UpdateFunctionConfiguration, in order. */
  readonly updates: Record<string, string>[];
  /** Every operation received, in order ("UpdateAlias live", "PublishVersion", ...). */
  readonly operations: string[];
  /** Operations (e.g. "UpdateFunctionConfiguration", "PublishVersion") answered AccessDenied. */
  denied: Set<string>;
  /** The variables of what the API invokes: the alias's version if there is one, else $LATEST. */
  invokedVariables(name: string): Record<string, string> | undefined;
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

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:';

function operationOf(method: string | undefined, path: string): string {
  if (/\/aliases\//.test(path)) return method === 'PUT' ? 'UpdateAlias' : 'GetAlias';
  if (/\/versions$/.test(path)) return 'PublishVersion';
  if (/\/provisioned-concurrency$/.test(path)) return 'GetProvisionedConcurrencyConfig';
  return method === 'PUT' ? 'UpdateFunctionConfiguration' : 'GetFunctionConfiguration';
}

export async function startFakeLambda(): Promise<FakeLambda> {
  const functions = new Map<string, FakeFunction>();
  const state: FakeLambda = {
    url: '',
    functions,
    updates: [],
    operations: [],
    denied: new Set<string>(),
    invokedVariables(name) {
      const fn = functions.get(name);
      if (fn?.alias === undefined) return fn?.variables;
      return fn.versions?.[fn.alias.version];
    },
    close: async () => {},
  };
  const configuration = (name: string, fn: FakeFunction) => ({
    FunctionName: name,
    FunctionArn: `${ARN}${name}`,
    Runtime: 'nodejs24.x',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    RevisionId: `rev-${fn.revision}`,
    Environment: { Variables: fn.variables },
  });
  const aliasBody = (name: string, alias: FakeAlias) => ({
    AliasArn: `${ARN}${name}:${alias.name}`,
    Name: alias.name,
    FunctionVersion: alias.version,
    RevisionId: `alias-rev-${alias.revision}`,
  });
  const preconditionFailed = (res: ServerResponse) =>
    send(
      res,
      412,
      { Type: 'User', Message: 'The Revision Id provided does not match the latest Revision Id.' },
      'PreconditionFailedException',
    );

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/20\d\d-\d\d-\d\d\/functions\/([^/]+)(\/[^?]*)?$/.exec(url.pathname);
      const name = decodeURIComponent(match?.[1] ?? '');
      const rest = match?.[2] ?? '';
      const operation = operationOf(req.method, url.pathname);
      const aliasName = decodeURIComponent(/\/aliases\/([^/]+)/.exec(rest)?.[1] ?? '');
      state.operations.push(aliasName ? `${operation} ${aliasName}` : operation);
      if (state.denied.has(operation)) {
        send(
          res,
          403,
          { Type: 'User', Message: `not authorized to perform: lambda:${operation}` },
          'AccessDeniedException',
        );
        return;
      }
      const fn = functions.get(name);
      if (!match || fn === undefined) {
        send(
          res,
          404,
          { Type: 'User', Message: `Function not found: ${name}` },
          'ResourceNotFoundException',
        );
        return;
      }
      const input = (
        chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
      ) as {
        RevisionId?: string;
        FunctionVersion?: string;
        Environment?: { Variables?: Record<string, string> };
      };
      switch (operation) {
        case 'GetFunctionConfiguration':
          send(res, 200, configuration(name, fn));
          return;
        case 'UpdateFunctionConfiguration':
          if (input.RevisionId !== undefined && input.RevisionId !== `rev-${fn.revision}`) {
            preconditionFailed(res);
            return;
          }
          fn.variables = { ...(input.Environment?.Variables ?? {}) };
          fn.revision += 1;
          state.updates.push(fn.variables);
          send(res, 200, configuration(name, fn));
          return;
        case 'PublishVersion': {
          if (input.RevisionId !== undefined && input.RevisionId !== `rev-${fn.revision}`) {
            preconditionFailed(res);
            return;
          }
          fn.versions ??= {};
          const version = String(Object.keys(fn.versions).length + 1);
          fn.versions[version] = { ...fn.variables };
          send(res, 201, { ...configuration(name, fn), Version: version });
          return;
        }
        case 'GetAlias':
        case 'UpdateAlias': {
          const alias = fn.alias?.name === aliasName ? fn.alias : undefined;
          if (alias === undefined) {
            send(
              res,
              404,
              { Type: 'User', Message: `Alias not found: ${aliasName}` },
              'ResourceNotFoundException',
            );
            return;
          }
          if (operation === 'UpdateAlias') {
            if (
              input.RevisionId !== undefined &&
              input.RevisionId !== `alias-rev-${alias.revision}`
            ) {
              preconditionFailed(res);
              return;
            }
            if (input.FunctionVersion === undefined || !fn.versions?.[input.FunctionVersion]) {
              send(
                res,
                400,
                { Type: 'User', Message: 'no such version' },
                'InvalidParameterValueException',
              );
              return;
            }
            alias.version = input.FunctionVersion;
            alias.revision += 1;
          }
          send(res, 200, aliasBody(name, alias));
          return;
        }
        case 'GetProvisionedConcurrencyConfig': {
          const alias = fn.alias;
          if (
            alias?.provisioned === undefined ||
            url.searchParams.get('Qualifier') !== alias.name
          ) {
            send(
              res,
              404,
              { Type: 'User', Message: 'No Provisioned Concurrency Config found' },
              'ProvisionedConcurrencyConfigNotFoundException',
            );
            return;
          }
          const pending = (alias.pendingPolls ?? 0) > 0;
          if (pending) alias.pendingPolls = (alias.pendingPolls ?? 0) - 1;
          send(res, 200, {
            RequestedProvisionedConcurrentExecutions: alias.provisioned,
            AvailableProvisionedConcurrentExecutions: pending ? 0 : alias.provisioned,
            AllocatedProvisionedConcurrentExecutions: pending ? 0 : alias.provisioned,
            Status: pending ? 'IN_PROGRESS' : 'READY',
          });
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return state;
}
