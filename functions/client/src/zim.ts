// keepZimTokenFresh: ZIM (in-app chat) announces `tokenWillExpire` with the seconds left; the
// binder fetches a fresh basic token and calls `zim.renewToken(token)`. The same shape on the
// Web and in React Native (zego-zim-web 2.29 `entity/ZIM.d.ts`, `ZIMEventHandler.d.ts`;
// zego-zim-react-native 2.28 `lib/ZIM.d.ts`, `lib/ZIMEventHandler.d.ts`):
//   on<K>(type: K, listener: ZIMEventHandler[K]): void      (a second `on` replaces the first)
//   off<K>(type: K): void
//   tokenWillExpire: (zim: ZIM, data: { second: number }) => void
//   renewToken(token: string): Promise<ZIMTokenRenewedResult>
import { createRenewer, type KeepFreshOptions, type TokenSource } from './renewal.ts';
import type { TokenRequest } from './types.ts';

/** The part of a ZIM instance the binder uses; the SDK's own `ZIM` type fits it. */
export interface ZimLike {
  on(type: 'tokenWillExpire', listener: (zim: unknown, data: { second: number }) => void): void;
  off(type: 'tokenWillExpire'): void;
  renewToken(token: string): Promise<unknown>;
}

/**
 * Keeps a logged-in ZIM session's token fresh. `request` is the body for each new token
 * (default `{}`: a basic token, which is what ZIM uses). ZIM keeps one listener per event, so
 * this takes the `tokenWillExpire` slot; use `onRenewed`/`onError` to follow what happens.
 * Returns a function that stops renewing and removes the listener.
 */
export function keepZimTokenFresh(
  zim: ZimLike,
  client: TokenSource,
  request: TokenRequest = {},
  options: KeepFreshOptions = {},
): () => void {
  const renewer = createRenewer(options);
  zim.on('tokenWillExpire', (_zim, data) => {
    renewer.renew('zim', undefined, data?.second, {
      fetch: (fetchOptions) => client.getToken(request, fetchOptions),
      apply: (response) => zim.renewToken(response.token),
    });
  });
  return () => {
    if (renewer.stop()) zim.off('tokenWillExpire');
  };
}
