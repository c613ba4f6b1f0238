import ZegoExpressEngine, { ZegoScenario } from 'zego-express-engine-reactnative';
import {
  createTokenClient,
  keepExpressTokenFresh,
  type TokenRequest,
} from 'zego-token-client/react-native';

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

  // Renews each room's token on `roomTokenWillExpire(roomID, remainTimeInSecond)` with
  // `renewToken(roomID, token)`, retrying until the announced time has run out.
  const stopRenewing = keepExpressTokenFresh(engine, client, forRoom, {
    onError: (error, failure) => console.warn('Express token renewal failed', failure, error),
  });
  const { token, userId } = await client.getToken(forRoom(roomId));
  await engine.loginRoom(
    roomId,
    { userID: userId, userName },
    { token, maxMemberCount: 0, isUserStatusNotify: false },
  );

  return async () => {
    stopRenewing();
    await engine.logoutRoom(roomId);
    client.clear();
  };
}
