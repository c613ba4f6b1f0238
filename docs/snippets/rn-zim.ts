import { createTokenClient, keepZimTokenFresh } from 'zego-token-client/react-native';
import ZIM, { ZIMConnectionEvent } from 'zego-zim-react-native';

export async function startChat(
  appID: number,
  userName: string,
  getIdToken: () => Promise<string>,
): Promise<() => void> {
  const client = createTokenClient({
    endpoint: 'https://API_ID.execute-api.REGION.amazonaws.com/prod/token',
    getIdToken,
  });
  // The typings require appSign; Token authentication passes it empty.
  ZIM.create({ appID, appSign: '' });
  const zim = ZIM.getInstance();
  if (!zim) throw new Error('ZIM.create made no instance');

  // ZIM keeps one listener per event: the kit takes `tokenWillExpire` and renews.
  const stopRenewing = keepZimTokenFresh(
    zim,
    client,
    {},
    {
      onError: (error, failure) => console.warn('ZIM token renewal failed', failure, error),
    },
  );
  // Not renewed in time: ZIM disconnects with event TokenExpired; log in again.
  zim.on('connectionStateChanged', (_zim, { event }) => {
    if (event === ZIMConnectionEvent.TokenExpired) console.warn('ZIM session ended: token expired');
  });

  const { token, userId } = await client.getToken();
  await zim.login(userId, { userName, token, isOfflineLogin: false, customStatus: '' });

  return () => {
    stopRenewing();
    zim.off('connectionStateChanged');
    zim.logout();
    client.clear();
  };
}
