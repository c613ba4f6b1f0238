// A Node service in CommonJS, compiled twice: by node-cjs/ (nodenext, "type": "commonjs":
// `require` gets the CommonJS build and TypeScript the `.d.cts` declarations) and by legacy/
// (`moduleResolution` node10, which ignores `exports`: TypeScript reads `types` and the
// `react-native/` folder's package.json, Node `exports`). Each build runs against the local
// stack: a basic token and a typed refusal. Prints one JSON report.
import { createTokenClient, TokenServiceError } from 'zego-token-client';
import { TokenServiceError as ReactNativeEntryError } from 'zego-token-client/react-native';

const {
  TOKEN_ENDPOINT: endpoint = '',
  ALICE_ID_TOKEN: aliceIdToken = '',
  BOB_ID_TOKEN: bobIdToken = '',
} = process.env;

async function main(): Promise<void> {
  const alice = createTokenClient({
    endpoint,
    getIdToken: () => aliceIdToken,
  });
  const basic = await alice.getToken();
  const bob = createTokenClient({ endpoint, getIdToken: () => bobIdToken });
  const refusal = await bob
    .getToken({ roomId: 'room-1', privileges: { loginRoom: true, publishStream: true } })
    .then(
      () => 'not refused',
      (error: unknown) =>
        error instanceof TokenServiceError
          ? {
              code: error.code,
              status: error.status,
              sameClassInBothEntries: error instanceof ReactNativeEntryError,
            }
          : String(error),
    );
  console.log(
    JSON.stringify({
      module: typeof require === 'function' ? 'commonjs' : 'esm',
      basic: { token: basic.token, userId: basic.userId },
      refusal,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
