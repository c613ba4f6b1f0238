// A Node service (ESM, nodenext), run in plain Node against the local stack: a basic token, a
// typed refusal, and the React Native Express binder renewing on `roomTokenWillExpire` with an
// engine shaped like zego-express-engine-reactnative 3.22's. Prints one JSON report.
import {
  createTokenClient,
  isTokenServiceError,
  TokenServiceError,
  type TokenServiceErrorFields,
} from 'zego-token-client';
import {
  keepExpressTokenFresh,
  TokenServiceError as ReactNativeEntryError,
} from 'zego-token-client/react-native';

const {
  TOKEN_ENDPOINT: endpoint = '',
  ALICE_ID_TOKEN: aliceIdToken = '',
  BOB_ID_TOKEN: bobIdToken = '',
} = process.env;

type RoomTokenWillExpire = (roomID: string, remainTimeInSecond: number) => void;

/** React Native's engine as its typings describe it: the event, and renewToken(roomID, token). */
class ReactNativeShapedEngine {
  private readonly listeners = new Set<RoomTokenWillExpire>();
  readonly renewed: Array<{ roomID: string; token: string }> = [];

  on(_event: 'roomTokenWillExpire', callback: RoomTokenWillExpire): void {
    this.listeners.add(callback);
  }
  off(_event: 'roomTokenWillExpire', callback: RoomTokenWillExpire | undefined): void {
    if (callback) this.listeners.delete(callback);
    else this.listeners.clear();
  }
  async renewToken(roomID: string, token: string): Promise<void> {
    this.renewed.push({ roomID, token });
  }
  emit(roomID: string, remainTimeInSecond: number): void {
    for (const listener of this.listeners) listener(roomID, remainTimeInSecond);
  }
}

function describeError(error: unknown): Partial<TokenServiceErrorFields> & Record<string, unknown> {
  return {
    isTokenServiceError: isTokenServiceError(error),
    sameClassInBothEntries:
      error instanceof TokenServiceError && error instanceof ReactNativeEntryError,
    name: error instanceof Error ? error.name : typeof error,
    ...(isTokenServiceError(error)
      ? { code: error.code, status: error.status, requestId: error.requestId }
      : {}),
  };
}

async function main(): Promise<void> {
  const alice = createTokenClient({ endpoint, getIdToken: () => aliceIdToken });
  const basic = await alice.getToken();

  const bob = createTokenClient({ endpoint, getIdToken: async () => bobIdToken });
  const refusal = await bob
    .getToken({ roomId: 'room-1', privileges: { loginRoom: true, publishStream: true } })
    .then(() => 'not refused', describeError);

  const forRoom = (roomId: string) => ({
    roomId,
    privileges: { loginRoom: true, publishStream: true },
  });
  const login = await alice.getToken(forRoom('room-1'));
  // A second client for the binder, so the renewal asks the service (alice's cache would answer).
  const renewing = createTokenClient({ endpoint, getIdToken: () => aliceIdToken });
  const engine = new ReactNativeShapedEngine();
  const renewed = new Promise<void>((resolve, reject) => {
    const stop = keepExpressTokenFresh(engine, renewing, forRoom, {
      onRenewed: () => {
        stop();
        resolve();
      },
      onError: (error, failure) => {
        if (!failure.willRetry) reject(error);
      },
    });
  });
  engine.emit('room-1', 30);
  await renewed;

  console.log(
    JSON.stringify({
      basic: { token: basic.token, userId: basic.userId, appId: basic.appId },
      refusal,
      login: { token: login.token, roomId: login.roomId },
      renewal: engine.renewed,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
