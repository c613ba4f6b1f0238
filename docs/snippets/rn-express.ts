import ZegoExpressEngine, { ZegoScenario } from 'zego-express-engine-reactnative';
import { createTokenClient, type TokenRequest } from 'zego-token-client';

export async function joinRoom(
  appID: number,
  roomId: string,
  userName: string,
  getIdToken: () => Promise<string>,
): Promise<() => Promise<void>> {
  const client = createTokenClient({
    endpoint: 'https://API_ID.execute-api.REGION.amazonaws.com/prod/token',
    getIdToken,
  });
  const forRoom = (room: string): TokenRequest => ({
    roomId: room,
    privileges: { loginRoom: true, publishStream: true },
  });
  // The profile's type requires appSign; Token authentication passes it empty.
  const engine = await ZegoExpressEngine.createEngineWithProfile({
    appID,
    appSign: '',
    scenario: ZegoScenario.Default,
  });

  // 30 s before a room's token expires: fetch a fresh one; React Native's order is (roomID, token).
  const onWillExpire = async (roomID: string, remainTimeInSecond: number) => {
    try {
      const fresh = await client.getToken(forRoom(roomID));
      await engine.renewToken(roomID, fresh.token);
    } catch (error) {
      console.warn(`Token renewal for ${roomID} failed, ${remainTimeInSecond} s left`, error);
    }
  };
  engine.on('roomTokenWillExpire', onWillExpire);

  const { token, userId } = await client.getToken(forRoom(roomId));
  await engine.loginRoom(
    roomId,
    { userID: userId, userName },
    { token, maxMemberCount: 0, isUserStatusNotify: false },
  );

  return async () => {
    engine.off('roomTokenWillExpire', onWillExpire);
    await engine.logoutRoom(roomId);
    client.clear();
  };
}
