// Every ZEGO limit: the value at the limit passes, one past it fails with its code.
import { describe, expect, it } from 'vitest';
import {
  generateToken,
  LIMITS,
  TokenError,
  validateAppId,
  validateRoomId,
  validateSecret,
  validateStreamId,
  validateTtl,
  validateUserId,
  validateUserName,
} from '../../functions/core/index.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).code;
  }
}

describe('appId: uint32, non-zero', () => {
  it.each([1, 1234567890, 4_294_967_295])('%d passes', (n) => expect(validateAppId(n)).toBe(n));
  it.each([0, -1, 4_294_967_296, 1.5, Number.NaN, '123', null])('%j fails', (n) =>
    expect(codeOf(() => validateAppId(n))).toBe('invalid_app_id'),
  );
});

describe('ServerSecret: exactly 32 ASCII bytes', () => {
  it('32 passes', () => expect(validateSecret('a'.repeat(32))).toHaveLength(32));
  it.each(['a'.repeat(31), 'a'.repeat(33), `${'a'.repeat(31)}é`, `${'a'.repeat(31)} `, 32])(
    '%j fails',
    (s) => expect(codeOf(() => validateSecret(s))).toBe('invalid_secret'),
  );
  it('the error message never contains the secret', () => {
    const secret = `${'x'.repeat(30)}!`;
    try {
      validateSecret(secret);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe('userId: ≤ 32 bytes (64 for Express), ZEGO charset', () => {
  it('32 bytes passes; 33 fails', () => {
    expect(validateUserId('u'.repeat(LIMITS.userIdMaxBytes))).toHaveLength(32);
    expect(codeOf(() => validateUserId('u'.repeat(33)))).toBe('invalid_user_id');
  });
  it('64 bytes passes when configured for Express; 65 fails', () => {
    expect(validateUserId('u'.repeat(64), 64)).toHaveLength(64);
    expect(codeOf(() => validateUserId('u'.repeat(65), 64))).toBe('invalid_user_id');
  });
  it('every documented special character passes', () => {
    expect(validateUserId('!#$%&()+-:;<=.>?@[]^_{}|~')).toBeTruthy();
  });
  it.each(['', 'a b', 'a/b', 'a"b', 'a,b', 'é', 'a*b', "a'b"])('%j fails', (s) =>
    expect(codeOf(() => validateUserId(s))).toBe('invalid_user_id'),
  );
  it('another max is an invalid option', () =>
    expect(codeOf(() => validateUserId('a', 48 as 32))).toBe('invalid_option'));
});

describe('roomId: ≤ 128 bytes, ZEGO charset', () => {
  it('128 passes; 129 fails', () => {
    expect(validateRoomId('r'.repeat(128))).toHaveLength(128);
    expect(codeOf(() => validateRoomId('r'.repeat(129)))).toBe('invalid_room_id');
  });
  it.each(['', 'room 1', 'room/1', 'ルーム'])('%j fails', (s) =>
    expect(codeOf(() => validateRoomId(s))).toBe('invalid_room_id'),
  );
});

describe('streamId: ≤ 256 bytes, its own charset', () => {
  it('256 passes; 257 fails', () => {
    expect(validateStreamId('s'.repeat(256))).toHaveLength(256);
    expect(codeOf(() => validateStreamId('s'.repeat(257)))).toBe('invalid_stream_id');
  });
  it('every documented special character passes', () => {
    expect(validateStreamId("~!@#$%^&*()_+=-`;',.<>/\\")).toBeTruthy();
  });
  it.each(['', 'a b', 'rtmp://x', 'a?b', 'a:b', 'a"b'])('%j fails', (s) =>
    expect(codeOf(() => validateStreamId(s))).toBe('invalid_stream_id'),
  );
});

describe('lifetime: integer from 60 s to 24 days', () => {
  it.each([60, 3600, 2_073_600])('%d passes', (n) => expect(validateTtl(n)).toBe(n));
  it.each([59, 30, 0, -60, 2_073_601, 60.5, '3600'])('%j fails', (n) =>
    expect(codeOf(() => validateTtl(n))).toBe('invalid_ttl'),
  );
});

describe('userName: 1..64 bytes of UTF-8', () => {
  it('64 bytes passes; 65 fails, counted in bytes not characters', () => {
    expect(validateUserName('é'.repeat(32))).toHaveLength(32); // 64 bytes
    expect(codeOf(() => validateUserName(`${'é'.repeat(32)}a`))).toBe('invalid_user_name');
  });
  it.each(['', '\ud800', 7])('%j fails', (s) =>
    expect(codeOf(() => validateUserName(s))).toBe('invalid_user_name'),
  );
});

describe('generateToken checks its options', () => {
  const base = { appId: 1, userId: 'u', secret: 'k'.repeat(32), ttlSeconds: 60 };
  it.each([
    [{ version: '05' }, 'invalid_option'],
    [{ cipher: 'ecb' }, 'invalid_option'],
    [{ version: '03', cipher: 'gcm' }, 'invalid_option'],
    [{ version: '03' }, 'invalid_room_id'],
    [{ privilege: { roomId: 'r', loginRoom: 'yes', publishStream: false } }, 'invalid_option'],
    [
      { privilege: { roomId: 'r', loginRoom: true, publishStream: true, streamIds: 's' } },
      'invalid_option',
    ],
    [
      { privilege: { roomId: 'r', loginRoom: true, publishStream: true, streamIds: ['a b'] } },
      'invalid_stream_id',
    ],
    [{ privilege: { roomId: 'r b', loginRoom: true, publishStream: true } }, 'invalid_room_id'],
    [
      {
        version: '03',
        privilege: { roomId: 'r', loginRoom: true, publishStream: true, streamIds: ['s'] },
      },
      'invalid_option',
    ],
    [
      { version: '03', privilege: { roomId: '', loginRoom: true, publishStream: true } },
      'invalid_room_id',
    ],
    [{ ttlSeconds: 30 }, 'invalid_ttl'],
    [{ appId: 0 }, 'invalid_app_id'],
    [{ userId: 'x'.repeat(33) }, 'invalid_user_id'],
  ])('%j → %s', (override, code) => {
    expect(codeOf(() => generateToken({ ...base, ...(override as object) }))).toBe(code);
  });

  it('an empty roomId in a Token04 privilege means any room', () => {
    const { token } = generateToken({
      ...base,
      privilege: { roomId: '', loginRoom: true, publishStream: false },
    });
    expect(token.startsWith('04')).toBe(true);
  });
});
