// Help texts of the zego-token CLI: one overview and one page per command.

const SECRET_SOURCES = `The ServerSecret never comes from the command line. First match wins:
  1. --secret-file PATH      first line of PATH, or the JSON {"appId","serverSecret"}
  2. ZEGO_SERVER_SECRET      environment variable
  3. standard input          when piped or redirected (either form)
  4. a hidden prompt         when standard input is a terminal`;

export const OVERVIEW = `Usage: zego-token <command> [options]      (npm run -s token -- <command> …)

Commands:
  generate   make a token
  decode     decrypt a token and print its fields as JSON (expired tokens too)
  verify     check a token: exit 0 valid now, 3 expired, 1 wrong secret or malformed
  inspect    print what is readable without the secret
  help       help for a command: zego-token help generate

Options: --help (any command), --version.

${SECRET_SOURCES}

Exit codes: 0 ok, 1 bad token or input, 2 usage error, 3 expired (verify).`;

export const COMMAND_HELP: Record<string, string> = {
  generate: `Usage: zego-token generate --app-id N --user-id U [options]

Prints a new token (Token04, AES-GCM unless asked otherwise).

Options:
  --app-id N               ZEGO AppID (uint32); default ZEGO_APP_ID
  --user-id U              ZEGO userID (ZEGO's character set, at most 32 bytes)
  --user-id-max-bytes 64   allow 64-byte user IDs (Express RTC only; ZIM allows 32)
  --room R                 privilege token for room R (login yes, publish no unless --publish)
  --publish | --no-publish allow / deny publishing streams
  --no-login               deny logging in to the room
  --stream S               only these stream IDs may be published (repeatable; needs --publish)
  --ttl DURATION           lifetime: seconds (3600) or 90s, 10m, 1h, 7d; 60 s to 24 days; default 1h
  --cipher gcm|cbc         gcm (default) or the legacy CBC form of Token04
  --version 04|03          04 (default) or legacy Token03 (Express iOS 2.8–2.16; needs --room)
  --kit [--user-name NAME] print a UIKit Prebuilt kit token instead (needs --room)
  --json                   print every field put in the token (decoded back), the token and
                           ttlSeconds (and kitToken)
  --secret-file PATH       read the ServerSecret from PATH

Any of --room, --publish, --no-publish, --no-login makes a privilege token; without --room it
allows any room. Without them it is a basic (identity) token — what ZIM expects.

${SECRET_SOURCES}`,
  decode: `Usage: zego-token decode TOKEN|- [--secret-file PATH]

Decrypts the token and prints version, cipher, appId, userId, nonce, issuedAt, expiresAt,
expired, payload, privilege as JSON. Exit 0 for any token that decrypts, expired or not;
1 for a wrong secret, a tampered or malformed token. "-" reads the token from stdin (then the
secret must come from --secret-file or ZEGO_SERVER_SECRET).

${SECRET_SOURCES}`,
  verify: `Usage: zego-token verify TOKEN|- [--secret-file PATH]

Checks a token for scripts. Exit codes:
  0  it decrypts with the secret and is valid now (one line on stdout)
  3  it decrypts but has expired
  1  wrong secret, tampered or malformed token
  2  usage error

${SECRET_SOURCES}`,
  inspect: `Usage: zego-token inspect TOKEN|-

Prints what is readable without the secret: version, cipher, expiresAt, expired.`,
};
