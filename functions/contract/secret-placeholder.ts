// The value a secret the stack creates starts with, before an operator stores the real one:
// `{"appId": 0, "serverSecret": <32 random characters>}`. AppID 0 is never a real ZEGO AppID, so
// the stack, the function and the operator commands all recognise the placeholder by it.

/** The placeholder's AppID. */
export const PLACEHOLDER_APP_ID = 0;

/** The operator command that stores the real value (functions/ops, docs/operations.md). */
const PUT_SECRET_COMMAND = 'npm run ops -- put-secret --app-id <AppID>';

/** What the function logs while the placeholder is stored: what it is and what to run. */
export const PLACEHOLDER_PROBLEM =
  `appId 0: the secret still holds the placeholder the stack created; store your ZEGOCLOUD ` +
  `AppID and ServerSecret with \`${PUT_SECRET_COMMAND}\``;
