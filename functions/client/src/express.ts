// keepExpressTokenFresh: the Express Web SDK announces `tokenWillExpire(roomID)` 30 s before a
// room's token expires; the binder fetches a token for that room and calls
// `engine.renewToken(token, roomID)`.
// Shapes checked against zego-express-engine-webrtc 3.12's typings (sdk/code/zh/zego.client.*.d.ts,
// ZegoExpressEntity.rtm.d.ts); React Native's engine differs (express-native.ts):
//   on<K>(event: K, callBack: ZegoEvent[K]): boolean         (several listeners allowed)
//   off<K>(event: K, callBack?: ZegoEvent[K]): boolean
//   tokenWillExpire: (roomID: string) => void
//   renewToken(token: string, roomID?: string): boolean       (false: the SDK refused it)
import {
  createRenewer,
  type KeepFreshOptions,
  type RequestForRoom,
  roomToken,
  SDK_WARNING_SECONDS,
  type TokenSource,
} from './renewal.ts';

/** The part of a ZegoExpressEngine the binder uses; the SDK's own type fits it. */
export interface ExpressEngineLike {
  on(event: 'tokenWillExpire', callBack: (roomID: string) => void): boolean;
  off(event: 'tokenWillExpire', callBack?: (roomID: string) => void): boolean;
  renewToken(token: string, roomID?: string): boolean;
}

/**
 * Keeps the token of every room the engine is logged in to fresh. A body without `roomId`
 * gets the event's room. Returns a function that stops renewing and removes the listener.
 */
export function keepExpressTokenFresh(
  engine: ExpressEngineLike,
  client: TokenSource,
  requestForRoom: RequestForRoom,
  options: KeepFreshOptions = {},
): () => void {
  const renewer = createRenewer(options);
  const listener = (roomID: string) => {
    // The event carries no remaining time; the SDK sends it 30 s before expiry.
    renewer.renew(`room:${roomID}`, roomID, SDK_WARNING_SECONDS, {
      fetch: (fetchOptions) => roomToken(client, requestForRoom, roomID, fetchOptions),
      apply: (response) => {
        if (!engine.renewToken(response.token, roomID)) {
          throw new Error(`The Express SDK refused the new token for room ${roomID}.`);
        }
      },
    });
  };
  engine.on('tokenWillExpire', listener);
  return () => {
    if (renewer.stop()) engine.off('tokenWillExpire', listener);
  };
}
