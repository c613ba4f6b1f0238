// Bundled in place of @smithy/core/event-streams (an esbuild alias, infra/bundling.ts): the SDK
// imports it only to serialize or parse an operation's event stream, and GetSecretValue, the one
// operation the function sends, has none. Left in, it is a 14 KiB chunk that is never loaded.

function absent(): never {
  throw new Error(
    '@smithy/core/event-streams is not in the Lambda bundle (GetSecretValue has no event stream)',
  );
}

/** The two exports the SDK's HttpProtocol imports; neither can be used here. */
export class EventStreamSerde {
  constructor() {
    absent();
  }
}

export function eventStreamSerdeProvider(): never {
  return absent();
}
