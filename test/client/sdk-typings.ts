// Type test, compiled by `npm run -s typecheck` (tsconfig includes test/): the binders accept the
// ZEGO Web SDKs' own instance types (zego-zim-web 2.29, zego-express-engine-webrtc 3.12) with no
// cast, and refuse objects whose shapes differ (each `@ts-expect-error` fails the typecheck if
// the line below it compiles). Never executed. The React Native SDKs are checked in
// react-native/sdk-typings.ts (their typings bring React Native's globals, so they get their
// own program); the built package's .d.ts, in an app outside the repo, in
// test/packages/client-consumer.test.ts.
import type { ZegoExpressEngine } from 'zego-express-engine-webrtc';
import {
  type ExpressEngineLike,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenClient,
  type ZimLike,
} from 'zego-token-client';
import { keepExpressTokenFresh as keepReactNativeExpressTokenFresh } from 'zego-token-client/react-native';
import type { ZIM } from 'zego-zim-web';

const forRoom = (roomId: string) => ({
  roomId,
  privileges: { loginRoom: true, publishStream: false },
});

export function bindWebSdkTypes(zim: ZIM, engine: ZegoExpressEngine, client: TokenClient): void {
  keepZimTokenFresh(zim, client)();
  keepExpressTokenFresh(engine, client, forRoom)();
}

// The structural types are exactly as strict as the SDKs: each wrong shape below is refused.
export function refuseWrongShapes(client: TokenClient, webEngine: ZegoExpressEngine): void {
  const zimWithSyncRenew = {
    on(_type: 'tokenWillExpire', _listener: (zim: unknown, data: { second: number }) => void) {},
    off(_type: 'tokenWillExpire') {},
    renewToken(_token: string): void {},
  };
  // @ts-expect-error ZIM's renewToken returns a promise
  keepZimTokenFresh(zimWithSyncRenew, client);

  const zimWithRoomEvent = {
    on(_type: 'tokenWillExpire', _listener: (roomId: string) => void) {},
    off(_type: 'tokenWillExpire') {},
    renewToken: async (_token: string) => ({ token: '' }),
  };
  // @ts-expect-error ZIM's event carries (zim, { second }), not a room ID
  keepZimTokenFresh(zimWithRoomEvent, client);

  const engineWithNativeOrder = {
    on: (_event: 'tokenWillExpire', _callBack: (roomID: string) => void) => true,
    off: (_event: 'tokenWillExpire', _callBack?: (roomID: string) => void) => true,
    renewToken: (_roomID: string, _token: string, _extra: number) => true,
  };
  // @ts-expect-error the Web SDK's renewToken is (token, roomID?)
  keepExpressTokenFresh(engineWithNativeOrder, client, forRoom);

  const engineWithOtherEvent = {
    on: (_event: 'roomTokenWillExpire', _callBack: (roomID: string) => void) => true,
    off: (_event: 'roomTokenWillExpire') => true,
    renewToken: (_token: string, _roomID?: string) => true,
  };
  // @ts-expect-error the Web SDK's event is `tokenWillExpire`
  keepExpressTokenFresh(engineWithOtherEvent, client, forRoom);

  // @ts-expect-error the Web engine goes to the Web binder, not React Native's
  keepReactNativeExpressTokenFresh(webEngine, client, forRoom);
}

// The SDK types are assignable to the binders' parameter types as such, too.
export const zimFits: (zim: ZIM) => ZimLike = (zim) => zim;
export const engineFits: (engine: ZegoExpressEngine) => ExpressEngineLike = (engine) => engine;
