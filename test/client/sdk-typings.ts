// Type test, compiled by `npm run -s typecheck` (tsconfig includes test/): the binders accept the
// ZEGO Web SDKs' own instance types, and refuse objects whose shapes differ. Never executed.
// Imported through the package subpath, so the `exports` map's "types" entry is checked too.
import type { ZegoExpressEngine } from 'zego-express-engine-webrtc';
import {
  type ExpressEngineLike,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenClient,
  type ZimLike,
} from 'zego-token-service/client';
import type { ZIM } from 'zego-zim-web';

export function bindRealSdkTypes(zim: ZIM, engine: ZegoExpressEngine, client: TokenClient): void {
  const stopZim = keepZimTokenFresh(zim, client);
  const stopExpress = keepExpressTokenFresh(engine, client, (roomId) => ({
    roomId,
    privileges: { loginRoom: true, publishStream: false },
  }));
  stopZim();
  stopExpress();
}

// The structural types are exactly as strict as the SDKs: each wrong shape below is refused.
export function refuseWrongShapes(client: TokenClient): void {
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
  keepExpressTokenFresh(engineWithNativeOrder, client, (roomId) => ({ roomId }));

  const engineWithOtherEvent = {
    on: (_event: 'roomTokenWillExpire', _callBack: (roomID: string) => void) => true,
    off: (_event: 'roomTokenWillExpire') => true,
    renewToken: (_token: string, _roomID?: string) => true,
  };
  // @ts-expect-error the Web SDK's event is `tokenWillExpire`
  keepExpressTokenFresh(engineWithOtherEvent, client, (roomId) => ({ roomId }));
}

// The SDK types are assignable to the binders' parameter types as such, too.
export const zimFits: (zim: ZIM) => ZimLike = (zim) => zim;
export const engineFits: (engine: ZegoExpressEngine) => ExpressEngineLike = (engine) => engine;
