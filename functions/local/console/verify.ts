// The console's "Verify" (ZEGO's Token Assistant verifies too): is this token good for this
// AppID and this user, now, with this ServerSecret? Each check says what it expected and what
// the token carries, so a failure reads "expired", "for another user", "for another app" or
// "made with another secret".
import { Fields } from './fields.ts';
import { inspectAnyToken, type TokenInspection } from './inspect.ts';

export type CheckName = 'format' | 'secret' | 'expiry' | 'appId' | 'userId' | 'roomId' | 'kit';

export interface Check {
  check: CheckName;
  ok: boolean;
  message: string;
}

export interface VerifyAnswer {
  /** True when every check passed. */
  valid: boolean;
  checks: Check[];
  inspection?: TokenInspection;
}

const VERIFY_FIELDS = ['token', 'appId', 'userId', 'roomId', 'secretSource', 'secret'] as const;

function ago(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** Throws FieldError for a malformed body; a bad token is an answer, not an error. */
export function verifyFromBody(
  body: Record<string, unknown>,
  stackSecret: string,
  now: () => number = Date.now,
): VerifyAnswer {
  const fields = new Fields(body, VERIFY_FIELDS);
  const token = fields.string('token', 16_384).trim();
  const appId = fields.integer('appId');
  const userId = fields.string('userId', 256);
  const roomId = fields.optionalString('roomId', 256);
  const secret = fields.secret(stackSecret);

  const read = inspectAnyToken(token, secret, now);
  if (!read.ok) {
    return {
      valid: false,
      checks: [{ check: 'format', ok: false, message: `not a ZEGO token: ${read.message}` }],
    };
  }
  const { inspection } = read;
  const checks: Check[] = [];
  const nowSeconds = Math.floor(now() / 1000);
  const expiry = inspection.header.expiresAt;
  checks.push(
    expiry > nowSeconds
      ? { check: 'expiry', ok: true, message: `valid for ${ago(expiry - nowSeconds)} more` }
      : { check: 'expiry', ok: false, message: `expired ${ago(nowSeconds - expiry)} ago` },
  );
  const decoded = inspection.decoded;
  if (!decoded) {
    checks.unshift({
      check: 'secret',
      ok: false,
      message:
        'does not decrypt with this ServerSecret: made with another secret (another app?) or altered; AppID and userId cannot be read',
    });
    return { valid: false, checks, inspection };
  }
  checks.unshift({ check: 'secret', ok: true, message: 'decrypts with this ServerSecret' });
  checks.push(
    decoded.appId === appId
      ? { check: 'appId', ok: true, message: `for AppID ${appId}` }
      : {
          check: 'appId',
          ok: false,
          message: `for another app: AppID ${decoded.appId}, expected ${appId}`,
        },
    decoded.userId === userId
      ? { check: 'userId', ok: true, message: `for user ${userId}` }
      : {
          check: 'userId',
          ok: false,
          message: `for another user: ${JSON.stringify(decoded.userId)}, expected ${JSON.stringify(userId)}`,
        },
  );
  if (roomId !== undefined && roomId !== '') {
    const room = decoded.privilege?.roomId;
    checks.push(
      room === roomId
        ? { check: 'roomId', ok: true, message: `for room ${roomId}` }
        : room === undefined || room === ''
          ? { check: 'roomId', ok: true, message: 'restricts no room (any room)' }
          : {
              check: 'roomId',
              ok: false,
              message: `for another room: ${JSON.stringify(room)}, expected ${JSON.stringify(roomId)}`,
            },
    );
  }
  const kit = inspection.kit;
  if (kit) {
    const agrees = kit.userID === decoded.userId && kit.appID === decoded.appId;
    checks.push({
      check: 'kit',
      ok: agrees,
      message: agrees
        ? 'the kit part names the same user and AppID'
        : 'the kit part names another user or AppID than the token inside it',
    });
  }
  return { valid: checks.every((c) => c.ok), checks, inspection };
}
