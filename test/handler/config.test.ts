import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/contract/env.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';

describe('readHandlerConfig', () => {
  it('has documented defaults', async () => {
    const config = await readHandlerConfig({});
    expect(config).toMatchObject({
      userIdClaim: 'sub',
      userIdMaxBytes: 32,
      roomIdPattern: null,
      defaultTtlSeconds: 3600,
      maxTtlSeconds: 86_400,
      secret: { id: undefined, cacheSeconds: 300, maxStaleSeconds: 900 },
    });
    expect([...config.publishGroups]).toEqual([]);
    expect([...config.allowedClientIds]).toEqual([]);
    expect([...config.allowedTokenUse]).toEqual(['id']);
    expect(config.cors).toMatchObject({ anyOrigin: false });
    expect(config.cors.origins.size).toBe(0);
  });

  it('reads every variable, trimming lists', async () => {
    const config = await readHandlerConfig({
      ZEGO_SECRET_ID: ' arn:aws:secretsmanager:eu-west-1:123456789012:secret:zego-AbCdEf ',
      ZEGO_USER_ID_CLAIM: 'custom:zego_id',
      ZEGO_USER_ID_MAX_BYTES: '64',
      ZEGO_PUBLISH_GROUPS: 'hosts, speakers ,,',
      ZEGO_ROOM_ID_PATTERN: 'room-[0-9]+',
      ZEGO_DEFAULT_TTL_SECONDS: '600',
      ZEGO_MAX_TTL_SECONDS: '2073600',
      ZEGO_ALLOWED_CLIENT_IDS: 'a1,b2',
      ZEGO_ALLOWED_TOKEN_USE: 'access, id',
      ZEGO_SECRET_CACHE_SECONDS: '0',
      ZEGO_SECRET_MAX_STALE_SECONDS: '60',
      ZEGO_CORS_ORIGINS: 'https://App.example.com, http://localhost:5173',
    });
    expect(config.secret).toEqual({
      id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zego-AbCdEf',
      cacheSeconds: 0,
      maxStaleSeconds: 60,
    });
    expect(config.userIdClaim).toBe('custom:zego_id');
    expect(config.userIdMaxBytes).toBe(64);
    expect([...config.publishGroups]).toEqual(['hosts', 'speakers']);
    expect([...config.allowedClientIds]).toEqual(['a1', 'b2']);
    expect([...config.allowedTokenUse].sort()).toEqual(['access', 'id']);
    expect(config.defaultTtlSeconds).toBe(600);
    expect(config.maxTtlSeconds).toBe(2_073_600);
    expect([...config.cors.origins]).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it('anchors the room pattern to the whole roomId', async () => {
    const { roomIdPattern: pattern } = await readHandlerConfig({
      ZEGO_ROOM_ID_PATTERN: 'room-1|lobby',
    });
    expect(pattern?.test('room-1')).toBe(true);
    expect(pattern?.test('lobby')).toBe(true);
    expect(pattern?.test('room-10')).toBe(false);
    expect(pattern?.test('xlobby')).toBe(false);
  });

  it('matches room patterns in linear time, whole roomId only', async () => {
    const { roomIdPattern: pattern } = await readHandlerConfig({
      ZEGO_ROOM_ID_PATTERN: 'room-([a-z0-9]+-?)*',
    });
    expect(pattern?.test('room-ab-cd-')).toBe(true);
    expect(pattern?.test(`room-${'a'.repeat(120)}!`)).toBe(false);
    expect(pattern?.test('xroom-ab')).toBe(false);
  });

  it('lowers the default lifetime to a smaller maximum', async () => {
    const config = await readHandlerConfig({ ZEGO_MAX_TTL_SECONDS: '900' });
    expect(config.defaultTtlSeconds).toBe(900);
  });

  it.each([
    ['ZEGO_MAX_TTL_SECONDS', '2073601'],
    ['ZEGO_MAX_TTL_SECONDS', '30'],
    ['ZEGO_MAX_TTL_SECONDS', '1e4'],
    ['ZEGO_DEFAULT_TTL_SECONDS', '90000'],
    ['ZEGO_DEFAULT_TTL_SECONDS', '-5'],
    ['ZEGO_USER_ID_MAX_BYTES', '48'],
    ['ZEGO_ALLOWED_TOKEN_USE', 'id,refresh'],
    ['ZEGO_ROOM_ID_PATTERN', 'room-('],
    ['ZEGO_ROOM_ID_PATTERN', '(?=room)[a-z]+'],
    ['ZEGO_ROOM_ID_PATTERN', '(a+)\\1'],
    ['ZEGO_ROOM_ID_PATTERN', 'r'.repeat(1025)],
    ['ZEGO_CORS_ORIGINS', 'https://app.example.com/'],
    ['ZEGO_CORS_ORIGINS', 'app.example.com'],
    ['ZEGO_SECRET_CACHE_SECONDS', '86401'],
    ['ZEGO_SECRET_MAX_STALE_SECONDS', 'forever'],
    // Items Cognito would refuse: the function stops instead of acting on part of the list.
    ['ZEGO_PUBLISH_GROUPS', 'hosts,my group'],
    ['ZEGO_PUBLISH_GROUPS', `hosts,${'g'.repeat(129)}`],
    ['ZEGO_ALLOWED_CLIENT_IDS', 'client1,client-2'],
    ['ZEGO_ALLOWED_CLIENT_IDS', 'client1,client 2'],
    ['ZEGO_ALLOWED_TOKEN_USE', 'id,ID'],
  ])('refuses %s=%s, naming the variable', async (variable, value) => {
    let error: unknown;
    try {
      await readHandlerConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable} `)).toBe(true);
  });
});
