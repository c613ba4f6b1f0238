// Type test for React Native, compiled by `npm run -s typecheck` as its own program
// (tsconfig.json here: bundler resolution, as React Native apps use; the RN SDKs' typings bring
// React Native's globals, which must not leak into the Node program). The binders from
// `zego-token-client/react-native` accept zego-zim-react-native 2.28's `ZIM` and
// zego-express-engine-reactnative 3.22's `ZegoExpressEngine` with no cast, and refuse wrong
// shapes (each `@ts-expect-error` fails the typecheck if the line below it compiles). Never run.
import ZegoExpressEngine from 'zego-express-engine-reactnative';
import { keepExpressTokenFresh as keepWebExpressTokenFresh } from 'zego-token-client';
import {
  createTokenClient,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type ReactNativeExpressEngineLike,
  type TokenClient,
  type ZimLike,
} from 'zego-token-client/react-native';
import ZIM from 'zego-zim-react-native';

const forRoom = (roomId: string) => ({
  roomId,
  privileges: { loginRoom: true, publishStream: true },
});

/** As an app does it: the SDKs' own factories, React Native's fetch and AbortController. */
export async function bindReactNativeSdks(): Promise<void> {
  const client = createTokenClient({
    endpoint: 'https://example.execute-api.eu-west-1.amazonaws.com/prod/token',
    getIdToken: async () => 'id-token',
    fetch,
  });
  const zim = ZIM.create({ appID: 1234567890, appSign: '' });
  if (zim) keepZimTokenFresh(zim, client)();
  const engine = await ZegoExpressEngine.createEngineWithProfile({
    appID: 1234567890,
    appSign: '',
    scenario: 0,
  });
  const stop = keepExpressTokenFresh(engine, client, forRoom, {
    onError: (error, failure) => console.warn(failure.roomId, failure.willRetry, error),
  });
  stop();
  await client.getToken({}, { signal: new AbortController().signal });
}

export function refuseWrongShapes(client: TokenClient, engine: ZegoExpressEngine, zim: ZIM): void {
  // @ts-expect-error React Native's engine does not fit the Web binder (event, argument order)
  keepWebExpressTokenFresh(engine, client, forRoom);

  const engineWithSyncRenew = {
    on(_event: 'roomTokenWillExpire', _callback: (roomID: string, remain: number) => void) {},
    off(_event: 'roomTokenWillExpire', _callback?: (roomID: string, remain: number) => void) {},
    renewToken: (_roomID: string, _token: string) => true,
  };
  // @ts-expect-error React Native's renewToken returns a promise
  keepExpressTokenFresh(engineWithSyncRenew, client, forRoom);

  const engineWithWebEvent = {
    on(_event: 'tokenWillExpire', _callback: (roomID: string) => void) {},
    off(_event: 'tokenWillExpire', _callback?: (roomID: string) => void) {},
    renewToken: async (_roomID: string, _token: string) => undefined,
  };
  // @ts-expect-error the event is `roomTokenWillExpire(roomID, remainTimeInSecond)`
  keepExpressTokenFresh(engineWithWebEvent, client, forRoom);

  const engineWithRoomIdNumber = {
    on(_event: 'roomTokenWillExpire', _callback: (roomID: string, remain: number) => void) {},
    off(_event: 'roomTokenWillExpire', _callback?: (roomID: string, remain: number) => void) {},
    renewToken: async (_roomID: number, _token: string) => undefined,
  };
  // @ts-expect-error renewToken's first argument is the room ID string
  keepExpressTokenFresh(engineWithRoomIdNumber, client, forRoom);

  // @ts-expect-error the ZIM instance is not an Express engine
  keepExpressTokenFresh(zim, client, forRoom);

  const zimWithSyncRenew = {
    on(_type: 'tokenWillExpire', _listener: (zim: unknown, data: { second: number }) => void) {},
    off(_type: 'tokenWillExpire') {},
    renewToken(_token: string): void {},
  };
  // @ts-expect-error ZIM's renewToken returns a promise
  keepZimTokenFresh(zimWithSyncRenew, client);
}

// The SDK types are assignable to the binders' parameter types as such, too.
export const zimFits: (zim: ZIM) => ZimLike = (zim) => zim;
export const engineFits: (engine: ZegoExpressEngine) => ReactNativeExpressEngineLike = (engine) =>
  engine;
