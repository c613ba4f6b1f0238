import { createTokenClient, keepZimTokenFresh } from 'zego-token-client';
import { ZIM } from 'zego-zim-web';

export async function startChat(
  appID: number,
  userName: string,
  getIdToken: () => Promise<string>,
): Promise<() => void> {
  const client = createTokenClient({
    endpoint: 'https://API_ID.execute-api.REGION.amazonaws.com/prod/token',
    getIdToken,
  });
  // Web ZIM takes no AppSign: the AppID alone.
  ZIM.create({ appID });
  const zim = ZIM.getInstance();
  if (!zim) throw new Error('ZIM.create made no instance');

  // A basic (identity) token; log in as the user the service derived from the ID token.
  const { token, userId } = await client.getToken();
  await zim.login(userId, {
    userName,
    token,
    isOfflineLogin: false,
    customStatus: '',
    customStatusDuration: 0,
  });

  // ZIM keeps one listener per event: the kit takes `tokenWillExpire` and renews.
  const stopRenewing = keepZimTokenFresh(
    zim,
    client,
    {},
    {
      onError: (error, failure) => console.warn('ZIM token renewal failed', failure, error),
    },
  );

  return () => {
    stopRenewing();
    zim.logout();
    client.clear();
  };
}
