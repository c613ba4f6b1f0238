// `npm run invoke -- event`: events as API Gateway passes them after its authorizer, read back by
// the function's own event reader (functions/commons/http/event.ts, token/identity.ts).
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { readEvent } from '../../functions/commons/http/event.ts';
import { buildEvent, DEFAULT_SUB, parseEventArgs } from '../../functions/invoke/event-command.ts';
import { LOCAL_APP_CLIENT_ID } from '../../functions/invoke/local-aws.ts';
import { claimList } from '../../functions/token/identity.ts';
import { tempDirs } from '../support/temp-dir.ts';
import { runCli } from './support/cli.ts';

const SUB = '3f2a9c1e-7b4d-4e8a-9c2f-1d5e6a7b8c9d';
/** Sunday 22 November 2026, 11:24:54 UTC. */
const TIME = new Date(Date.UTC(2026, 10, 22, 11, 24, 54));
const files = tempDirs('zego-invoke-event-');
const cli = (...args: string[]) => runCli(args);

describe('invoke event: REST API (v1) with the Cognito authorizer', () => {
  const event = buildEvent({
    sub: SUB,
    groups: ['publishers', 'hosts'],
    body: '{"roomId":"r1"}',
    time: TIME,
    region: 'eu-west-1',
  }) as APIGatewayProxyEvent;
  const claims = event.requestContext.authorizer?.claims as Record<string, unknown>;

  it('passes every claim as a string, groups comma-separated, exp/iat as dates', () => {
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
    expect(claims['cognito:groups']).toBe('publishers,hosts');
    expect(claims.iat).toBe('Sun Nov 22 11:24:54 UTC 2026');
    expect(claims.exp).toBe('Sun Nov 22 12:24:54 UTC 2026');
    expect(claims.auth_time).toBe(String(TIME.getTime() / 1000));
    expect(claims.token_use).toBe('id');
    expect(claims.aud).toBe(LOCAL_APP_CLIENT_ID);
    expect(claims.iss).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_LocalPool');
  });

  it('is read by the function as a REST event of that caller', () => {
    const view = readEvent(event);
    expect(view.api).toBe('rest');
    expect(view.method).toBe('POST');
    expect(view.header('content-type')).toBe('application/json');
    expect(view.body).toBe('{"roomId":"r1"}');
    expect(view.claims?.sub).toBe(SUB);
    expect(claimList(view.claims?.['cognito:groups'], 'rest')).toEqual(['publishers', 'hosts']);
    expect(event.requestContext.stage).toBe('prod');
    expect(event.requestContext.path).toBe('/prod/token');
    expect(event.multiValueHeaders['Content-Type']).toEqual(['application/json']);
  });
});

describe('invoke event: HTTP API (v2) with the JWT authorizer', () => {
  const event = buildEvent({
    api: 'http',
    sub: SUB,
    groups: ['publishers', 'hosts'],
    tokenUse: 'access',
    time: TIME,
  }) as APIGatewayProxyEventV2WithJWTAuthorizer;
  const claims = event.requestContext.authorizer.jwt.claims as Record<string, unknown>;

  it('passes groups as "[a b]" and times as epoch seconds, scopes for an access token', () => {
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
    expect(claims['cognito:groups']).toBe('[publishers hosts]');
    expect(claims.iat).toBe(String(TIME.getTime() / 1000));
    expect(claims.exp).toBe(String(TIME.getTime() / 1000 + 3600));
    expect(claims.client_id).toBe(LOCAL_APP_CLIENT_ID);
    expect(claims.aud).toBeUndefined();
    expect(event.requestContext.authorizer.jwt.scopes).toEqual(['aws.cognito.signin.user.admin']);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /token');
    expect(event.rawPath).toBe('/prod/token');
    expect(event.body).toBeUndefined();
  });

  it('is read by the function as an HTTP API event of that caller', () => {
    const view = readEvent(event);
    expect(view.api).toBe('http');
    expect(claimList(view.claims?.['cognito:groups'], 'http')).toEqual(['publishers', 'hosts']);
    expect(view.claims?.token_use).toBe('access');
  });
});

describe('invoke event options', () => {
  it('defaults to a signed-in ID-token caller of the stack app client, no groups, no body', () => {
    const event = buildEvent() as APIGatewayProxyEvent;
    const claims = event.requestContext.authorizer?.claims as Record<string, string>;
    expect(claims.sub).toBe(DEFAULT_SUB);
    expect(claims.aud).toBe(LOCAL_APP_CLIENT_ID);
    expect(claims['cognito:groups']).toBeUndefined();
    expect(event.body).toBeNull();
    expect(event.headers['Content-Type']).toBeUndefined();
  });

  it('--claim replaces or removes claims after encoding; --no-claims leaves no authorizer', () => {
    const { spec } = parseEventArgs(['--claim', 'sub=custom value', '--claim', 'aud=']);
    const claims = (buildEvent(spec) as APIGatewayProxyEvent).requestContext.authorizer?.claims;
    expect(claims?.sub).toBe('custom value');
    expect(claims && 'aud' in claims).toBe(false);
    const anonymous = buildEvent(parseEventArgs(['--no-claims']).spec) as APIGatewayProxyEvent;
    expect(anonymous.requestContext.authorizer).toBeNull();
    expect(readEvent(anonymous).claims).toBeUndefined();
    expect(anonymous.headers.Authorization).toBeUndefined();
  });

  it('--header replaces a default by name in any case; --method and --body @file', () => {
    const file = files.file('body.json', '{"roomId":"from-file"}');
    const { spec } = parseEventArgs([
      '--header',
      'content-type: application/json; charset=utf-8',
      '--header',
      'X-Extra: 1',
      '--method',
      'put',
      '--body',
      `@${file}`,
    ]);
    const event = buildEvent(spec) as APIGatewayProxyEvent;
    expect(event.headers['Content-Type']).toBeUndefined();
    expect(event.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(event.headers['X-Extra']).toBe('1');
    expect(event.httpMethod).toBe('PUT');
    expect(event.body).toBe('{"roomId":"from-file"}');
  });

  it('keeps header and claim names that are Object.prototype names as plain data', () => {
    const headers = [
      ['toString', 'a'],
      ['__proto__', 'b'],
      ['toString', 'c'],
    ] as const;
    const rest = buildEvent({ headers, claims: { constructor: 'x' } }) as APIGatewayProxyEvent;
    expect(Object.getPrototypeOf(rest.headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(rest.headers, 'toString')?.value).toBe('c');
    expect(Object.getOwnPropertyDescriptor(rest.headers, '__proto__')?.value).toBe('b');
    expect(Object.getOwnPropertyDescriptor(rest.multiValueHeaders, 'toString')?.value).toEqual([
      'a',
      'c',
    ]);
    const claims = rest.requestContext.authorizer?.claims as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(claims, 'constructor')?.value).toBe('x');
    const http = buildEvent({ api: 'http', headers }) as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(Object.getOwnPropertyDescriptor(http.headers, 'tostring')?.value).toBe('a,c');
    expect(Object.getPrototypeOf(http.headers)).toBe(Object.prototype);
  });

  it.each([
    [['--api', 'graphql'], '--api must be rest or http'],
    [['--sub', 'not-a-uuid'], '--sub must be a UUID'],
    [['--token-use', 'refresh'], '--token-use must be id or access'],
    [['--groups', 'a b'], '--groups: a Cognito group name'],
    [['--client-id', 'bad id!'], '--client-id'],
    [['--email', 'a@b.example', '--token-use', 'access'], 'access tokens carry no email'],
    [['--body', '{roomId:'], '--body: the value is not JSON'],
    [['--body', '@/nonexistent/body.json'], '--body: cannot read the file (ENOENT)'],
    [['--header', 'no colon'], '--header takes "Name: value"'],
    [['--claim', 'novalue'], '--claim takes KEY=VALUE'],
    [['--no-claims', '--groups', 'publishers'], '--no-claims describes no caller: --groups'],
    [['--method'], "Option '--method <value>' argument missing"],
  ])('refuses %j with a clear error, exit 2', async (args, message) => {
    const run = await cli('event', ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('reports an unexpected argument by position and length, never its text', async () => {
    const secret = '9b74c9897bac770ffc029102a200c5de';
    const run = await cli('event', '--groups', 'publishers', secret);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'invoke: unexpected argument 4 (32 characters, not shown); see --help\n',
    );
    const asOption = await cli('event', `--${secret}`);
    expect(asOption.code).toBe(2);
    expect(asOption.stderr).toBe(
      'invoke: unknown option: argument 2 (34 characters, not shown); see --help\n',
    );
    expect((await cli('event', '--grups', 'x')).stderr).toBe(
      'invoke: unknown option --grups; see --help\n',
    );
    const invoke = await cli(secret);
    expect(invoke.code).toBe(2);
    expect(invoke.stderr).toBe(
      'invoke: unexpected argument 1 (32 characters, not shown); see --help\n',
    );
  });

  it('prints the event as JSON on stdout, and warns when the REST validator would refuse the body', async () => {
    const run = await cli('event', '--body', '{"roomId":"r1","extra":true}');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body).toBe('{"roomId":"r1","extra":true}');
    expect(run.stderr).toContain('request validator refuses this body');
    const clean = await cli('event', '--api', 'http', '--body', '{"roomId":"r1","extra":true}');
    expect(clean.stderr).toBe('');
  });

  it('documents every option in --help', async () => {
    const run = await cli('event', '--help');
    for (const option of [
      '--api',
      '--sub',
      '--username',
      '--groups',
      '--client-id',
      '--token-use',
      '--email',
      '--claim',
      '--no-claims',
      '--body',
      '--header',
      '--method',
    ]) {
      expect(run.stdout).toContain(option);
    }
  });
});
