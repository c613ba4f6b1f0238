// keepExpressTokenFresh for React Native: the RN Express engine announces
// `roomTokenWillExpire(roomID, remainTimeInSecond)` and takes the new token with a promise-
// returning `renewToken(roomID, token)` — the other argument order from the Web SDK's.
// Shapes checked against zego-express-engine-reactnative 3.22's typings (lib/ZegoExpressEngine.d.ts,
// lib/ZegoExpressEventHandler.d.ts):
//   on<E>(event: E, callback: ZegoEventListener[E]): void         (several listeners allowed)
//   off<E>(event: E, callback: undefined | ZegoEventListener[E]): void
//   roomTokenWillExpire: (roomID: string, remainTimeInSecond: number) => void
//   renewToken(roomID: string, token: string): Promise<void>
import {
  createRenewer,
  type KeepFreshOptions,
  type RequestForRoom,
  roomToken,
  type TokenSource,
} from './renewal.ts';

type RoomTokenWillExpire = (roomID: string, remainTimeInSecond: number) => void;

/** The part of React Native's ZegoExpressEngine the binder uses; the SDK's own type fits it. */
export interface ReactNativeExpressEngineLike {
  on(event: 'roomTokenWillExpire', callback: RoomTokenWillExpire): void;
  off(event: 'roomTokenWillExpire', callback: RoomTokenWillExpire | undefined): void;
  renewToken(roomID: string, token: string): Promise<void>;
}

/**
 * Keeps the token of every room the React Native engine is logged in to fresh, retrying until
 * the remaining time the event announced has run out. A body without `roomId` gets the event's
 * room. Returns a function that stops renewing and removes the listener.
 */
export function keepExpressTokenFresh(
  engine: ReactNativeExpressEngineLike,
  client: TokenSource,
  requestForRoom: RequestForRoom,
  options: KeepFreshOptions = {},
): () => void {
  const renewer = createRenewer(options);
  const listener: RoomTokenWillExpire = (roomID, remainTimeInSecond) => {
    renewer.renew(`room:${roomID}`, roomID, remainTimeInSecond, {
      fetch: (fetchOptions) => roomToken(client, requestForRoom, roomID, fetchOptions),
      apply: (response) => engine.renewToken(roomID, response.token),
    });
  };
  engine.on('roomTokenWillExpire', listener);
  return () => {
    if (renewer.stop()) engine.off('roomTokenWillExpire', listener);
  };
}
