import { ZegoExpressEngine } from 'zego-express-engine-webrtc';
import { createTokenClient, keepExpressTokenFresh, type TokenRequest } from 'zego-token-client';

export async function joinRoom(
  appID: number,
  server: string,
  roomId: string,
  userName: string,
  getIdToken: () => Promise<string>,
): Promise<() => void> {
  const client = createTokenClient({
    endpoint: 'https://API_ID.execute-api.REGION.amazonaws.com/prod/token',
    getIdToken,
  });
  const zg = new ZegoExpressEngine(appID, server);
  const forRoom = (room: string): TokenRequest => ({
    roomId: room,
    privileges: { loginRoom: true, publishStream: true },
  });

  // Renews each room's token on `tokenWillExpire(roomID)` with `renewToken(token, roomID)`.
  const stopRenewing = keepExpressTokenFresh(zg, client, forRoom, {
    onError: (error, failure) => console.warn('Express token renewal failed', failure, error),
  });
  const { token, userId } = await client.getToken(forRoom(roomId));
  await zg.loginRoom(roomId, token, { userID: userId, userName });

  return () => {
    stopRenewing();
    zg.logoutRoom(roomId);
    client.clear();
  };
}
