// A React Native app (typechecked only): the package README's React Native ZIM and Express code
// against zego-zim-react-native 2.28 and zego-express-engine-reactnative 3.22, React Native's
// own fetch and AbortController, and shapes the binders must refuse.
import ZegoExpressEngine, { ZegoScenario } from 'zego-express-engine-reactnative';
import {
  createTokenClient,
  isTokenServiceError,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenClient,
} from 'zego-token-client/react-native';
import ZIM from 'zego-zim-react-native';

export async function signIn(getIdToken: () => Promise<string>): Promise<() => void> {
  const client = createTokenClient({
    endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/token',
    getIdToken,
    fetch,
  });

  const zim = ZIM.create({ appID: 1234567890, appSign: '' }) ?? ZIM.getInstance();
  const { token, userId } = await client.getToken({}, { signal: new AbortController().signal });
  await zim.login(userId, { userName: 'Alice', token, isOfflineLogin: false, customStatus: '' });
  const stopZim = keepZimTokenFresh(zim, client);

  const engine = await ZegoExpressEngine.createEngineWithProfile({
    appID: 1234567890,
    appSign: '',
    scenario: ZegoScenario.Default,
  });
  const forRoom = (roomId: string) => ({
    roomId,
    privileges: { loginRoom: true, publishStream: true },
  });
  const room = await client.getToken(forRoom('room-1'));
  await engine.loginRoom(
    'room-1',
    { userID: room.userId, userName: 'Alice' },
    { token: room.token, maxMemberCount: 0, isUserStatusNotify: false },
  );
  const stopExpress = keepExpressTokenFresh(engine, client, forRoom, {
    onError: (error, failure) => {
      if (isTokenServiceError(error)) console.warn(failure.roomId, failure.willRetry, error.code);
    },
  });

  return () => {
    stopZim();
    stopExpress();
    client.clear();
  };
}

export function refuseWrongShapes(client: TokenClient): void {
  const webShapedEngine = {
    on: (_event: 'tokenWillExpire', _callBack: (roomID: string) => void) => true,
    off: (_event: 'tokenWillExpire', _callBack?: (roomID: string) => void) => true,
    renewToken: (_token: string, _roomID?: string) => true,
  };
  // @ts-expect-error a Web-shaped engine does not fit the React Native Express binder
  keepExpressTokenFresh(webShapedEngine, client, (roomId) => ({ roomId }));

  const engineWithSyncRenew = {
    on(_event: 'roomTokenWillExpire', _callback: (roomID: string, remain: number) => void) {},
    off(_event: 'roomTokenWillExpire', _callback?: (roomID: string, remain: number) => void) {},
    renewToken: (_roomID: string, _token: string) => true,
  };
  // @ts-expect-error React Native's renewToken returns a promise
  keepExpressTokenFresh(engineWithSyncRenew, client, (roomId) => ({ roomId }));
}
