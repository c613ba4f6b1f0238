// cognito:groups read exactly as each API Gateway event kind delivers it: a publish group must be
// one whole element, never a fragment cut out of another group's name (issue 9, item 4).
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../functions/commons/observability.ts';
import { staticSecretSource } from '../../functions/commons/secrets/secret-source.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import { claimList } from '../../functions/token/identity.ts';
import { type Caller, httpApiEvent, restEvent } from '../support/api-gateway-events.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { invoke } from '../support/invoke.ts';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const handler = createTokenHandler({
  config: await readHandlerConfig({ ZEGO_PUBLISH_GROUPS: 'publishers' }),
  secrets: staticSecretSource({
    appId: 1234567890,
    serverSecret: '5f4dcc3b5aa765d61d8327deb882cf99',
  }),
  logger: new Logger({ serviceName: 'zego-token-test', logLevel: 'WARN' }),
  metrics: new ServiceMetrics({ namespace: 'ZegoTokenTest', serviceName: 'zego-token-test' }),
  now: () => 1_795_344_294_750,
});

const body = JSON.stringify({ roomId: 'room-1', privileges: { publishStream: true } });
type Kind = 'rest' | 'http';
async function publishStatus(kind: Kind, caller: Caller): Promise<number> {
  const event = kind === 'rest' ? restEvent({ body, caller }) : httpApiEvent({ body, caller });
  return (await invoke(handler, event)).status;
}

describe.each(['rest', 'http'] as const)('publish groups from a %s API event', (kind) => {
  it.each([['viewers', 'publishers', 'admins'], ['publishers'], ['admins', 'publishers']])(
    'grants publishing to a member of the publish group among others: %j',
    async (...groups) => {
      expect(await publishStatus(kind, { groups })).toBe(200);
    },
  );

  it.each([
    { groups: ['[publishers]'] },
    { groups: ['publishers\u00a0x'] },
    { groups: ['x\u3000publishers'] },
    { groups: ['publishers\tx'] },
    { groups: ['Publishers'] },
    { groups: ['publishers-team', 'viewers'] },
  ])(
    'refuses a group whose name merely contains the publish group: $groups',
    async ({ groups }) => {
      expect(await publishStatus(kind, { groups })).toBe(403);
    },
  );
});

describe('a group name with a comma', () => {
  it('is one whole name in an HTTP API event ("[x,publishers]"), so it does not grant publishing', async () => {
    expect(await publishStatus('http', { groups: ['x,publishers'] })).toBe(403);
    expect(
      await publishStatus('http', { extra: { 'cognito:groups': '[x,publishers viewers]' } }),
    ).toBe(403);
  });

  it('cannot be told apart from two groups in a REST API event (documented ambiguity)', () => {
    // The REST authorizer joins groups with commas: one group "x,publishers" and the two groups
    // "x" and "publishers" arrive as the same string. Group names must not contain commas.
    expect(
      restEvent({ caller: { groups: ['x,publishers'] } }).requestContext.authorizer?.claims,
    ).toEqual(
      restEvent({ caller: { groups: ['x', 'publishers'] } }).requestContext.authorizer?.claims,
    );
  });
});

describe('claimList', () => {
  it('splits a REST claim on commas only, keeping each name whole (brackets and blanks included)', () => {
    expect(claimList('a,[publishers],b\u00a0c, d', 'rest')).toEqual([
      'a',
      '[publishers]',
      'b\u00a0c',
      ' d',
    ]);
    expect(claimList('publishers', 'rest')).toEqual(['publishers']);
    expect(claimList('', 'rest')).toEqual([]);
  });

  it('reads an HTTP API claim as "[a b]" with ASCII spaces only; unbracketed text is one name', () => {
    expect(claimList('[a publishers]', 'http')).toEqual(['a', 'publishers']);
    expect(claimList('[[publishers]]', 'http')).toEqual(['[publishers]']);
    expect(claimList('[x,publishers b\u3000c]', 'http')).toEqual(['x,publishers', 'b\u3000c']);
    expect(claimList('[]', 'http')).toEqual([]);
    expect(claimList('a publishers', 'http')).toEqual(['a publishers']);
  });

  it('takes a real array as it is, for either kind', () => {
    for (const kind of ['rest', 'http'] as const) {
      expect(claimList(['x,publishers', 'b', 3], kind)).toEqual(['x,publishers', 'b']);
    }
  });
});
