// The stack and the handler agree on the function's environment: the stack sets exactly the
// variables the handler reads (none forgotten, none the handler would ignore).
import { describe, expect, it } from 'vitest';
import { FUNCTION_ENV } from '../../functions/contract/env.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { synthesize } from './support.ts';

/** Every variable readHandlerConfig looks at, recorded through a Proxy over an empty env. */
async function variablesTheHandlerReads(): Promise<Set<string>> {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  await readHandlerConfig(env);
  return read;
}

function zegoVariablesTheStackSets(context: Record<string, unknown>): Set<string> {
  const { template } = synthesize(context);
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
    Properties: { Environment?: { Variables?: Record<string, unknown> } };
  }[];
  const names = functions.flatMap((fn) => Object.keys(fn.Properties.Environment?.Variables ?? {}));
  return new Set(names.filter((name) => name.startsWith('ZEGO_')));
}

const handlerReads = await variablesTheHandlerReads();

describe('the token function environment', () => {
  it('is read by the handler through the contract names only', () => {
    expect([...handlerReads].sort()).toEqual(Object.values(FUNCTION_ENV).sort());
  });

  it('is set by the stack exactly as the handler reads it, with every setting configured', () => {
    const stackSets = zegoVariablesTheStackSets({
      publishGroups: 'hosts',
      roomIdPattern: 'room-[a-z0-9]+',
      corsOrigins: 'https://app.example.com',
      allowedClientIds: 'client1',
    });
    expect([...stackSets].sort()).toEqual([...handlerReads].sort());
  });

  it('leaves out only optional settings that are empty by default', () => {
    const stackSets = zegoVariablesTheStackSets({});
    const missing = [...handlerReads].filter((name) => !stackSets.has(name)).sort();
    expect(missing).toEqual(
      [FUNCTION_ENV.publishGroups, FUNCTION_ENV.roomIdPattern, FUNCTION_ENV.corsOrigins].sort(),
    );
    for (const name of stackSets) expect(handlerReads.has(name), name).toBe(true);
  });
});
