// Bundled in place of bowser (an esbuild alias, infra/bundling.ts): the SDK imports this browser
// user-agent parser only in its browser user-agent provider, which a client running in Node.js
// never calls (its user agent comes from node:os and node:process). Left in, it is a 34 KiB
// chunk that is never loaded.

/** Bowser's entry point, as the SDK's browser provider reads it. */
export function parse(): never {
  throw new Error('bowser is not in the Lambda bundle (the SDK parses no browser user agent)');
}
