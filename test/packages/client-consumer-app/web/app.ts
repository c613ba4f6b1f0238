// A browser app (typechecked only): the package README's Web ZIM and Web Express code against
// zego-zim-web 2.29 and zego-express-engine-webrtc 3.12, the DOM's own fetch and AbortSignal, and
// shapes the binders must refuse.
import { ZegoExpressEngine } from 'zego-express-engine-webrtc';
import {
  createTokenClient,
  isTokenServiceError,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenResponse,
} from 'zego-token-client';
import { ZIM } from 'zego-zim-web';

export async function signIn(getIdToken: () => Promise<string>): Promise<() => void> {
  const client = createTokenClient({
    endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/token',
    getIdToken,
    fetch: window.fetch.bind(window),
  });

  const zim = ZIM.create({ appID: 1234567890 });
  if (!zim) throw new Error('ZIM.create returned null');
  const { token, userId } = await client.getToken();
  await zim.login(userId, {
    userName: 'Alice',
    token,
    isOfflineLogin: false,
    customStatus: '',
    customStatusDuration: 0,
  });
  const stopZim = keepZimTokenFresh(
    zim,
    client,
    {},
    {
      onError: (error, { willRetry }) => console.warn('ZIM token renewal failed', willRetry, error),
    },
  );

  const zg = new ZegoExpressEngine(1234567890, 'YOUR_SERVER_ADDRESS');
  const forRoom = (roomId: string) => ({
    roomId,
    privileges: { loginRoom: true, publishStream: true },
  });
  const leaving = new AbortController();
  const room: TokenResponse = await client.getToken(forRoom('room-1'), { signal: leaving.signal });
  await zg.loginRoom('room-1', room.token, { userID: room.userId, userName: 'Alice' });
  const stopExpress = keepExpressTokenFresh(zg, client, forRoom, {
    onRenewed: (response, roomId) => console.info(roomId, response.expiresAt),
  });

  try {
    await client.getToken({
      roomId: 'room-2',
      privileges: { loginRoom: true, publishStream: true },
    });
  } catch (error) {
    if (!isTokenServiceError(error)) throw error;
    console.warn(error.code, error.status, error.detail, error.requestId, error.retryAfterSeconds);
  }

  return () => {
    stopZim();
    stopExpress();
    client.clear();
  };
}

export function refuseWrongShapes(client: ReturnType<typeof createTokenClient>): void {
  const nativeShapedEngine = {
    on(_event: 'roomTokenWillExpire', _callback: (roomID: string, remain: number) => void) {},
    off(_event: 'roomTokenWillExpire', _callback?: (roomID: string, remain: number) => void) {},
    renewToken: async (_roomID: string, _token: string) => undefined,
  };
  // @ts-expect-error a React Native-shaped engine does not fit the Web Express binder
  keepExpressTokenFresh(nativeShapedEngine, client, (roomId) => ({ roomId }));

  const zimWithSyncRenew = {
    on(_type: 'tokenWillExpire', _listener: (zim: unknown, data: { second: number }) => void) {},
    off(_type: 'tokenWillExpire') {},
    renewToken(_token: string): void {},
  };
  // @ts-expect-error ZIM's renewToken returns a promise
  keepZimTokenFresh(zimWithSyncRenew, client);
}
