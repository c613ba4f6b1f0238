// The function's list-valued settings (publish groups, allowed app client IDs, CORS origins,
// token uses): one list syntax and each item's rule, written once. The stack checks its context
// keys with them at synth (infra/config.ts, naming the key), its binders join with them
// (infra/constructs/token-function.ts), and the function checks its variables with them when it
// starts (functions/token/config.ts, naming the variable). An item the syntax cannot carry is
// refused on both sides, never split: a group "x,publishers" must not become groups x and
// publishers.

/** Separates the items of a list variable. */
export const LIST_SEPARATOR = ',';

/**
 * Splits a list value: items separated by commas, blanks around an item ignored, empty items
 * dropped. So an item can contain no comma and cannot begin or end with white space.
 */
export function splitList(raw: string): string[] {
  return raw
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Cognito's group name rule (CreateGroup, GroupName): 1-128 letters, marks, symbols, digits, punctuation. */
const COGNITO_GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/** Cognito's app client ID rule (ClientId): 1-128 of letters, digits, "_" and "+". */
export const COGNITO_CLIENT_ID = /^[\w+]{1,128}$/;

/** A CORS origin as the function compares it (lower case): scheme and host, optional port. */
export const CORS_ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** The token kinds the function may accept (`token_use`). */
export const TOKEN_USES = ['id', 'access'] as const;

export type ListSetting = 'publishGroups' | 'allowedClientIds' | 'corsOrigins' | 'allowedTokenUse';

/** What an item of each list setting must be, and the check. */
const ITEM_RULES: Record<ListSetting, { readonly what: string; valid(item: string): boolean }> = {
  publishGroups: {
    what: 'a Cognito group name (1-128 letters, marks, symbols, digits or punctuation; no spaces)',
    valid: (item) => COGNITO_GROUP_NAME.test(item),
  },
  allowedClientIds: {
    what: 'a Cognito app client ID (1-128 letters, digits, "_" or "+")',
    valid: (item) => COGNITO_CLIENT_ID.test(item),
  },
  corsOrigins: {
    what: 'an origin like https://app.example.com (scheme and host, no path or trailing slash) or *',
    valid: (item) => item === '*' || CORS_ORIGIN.test(item.toLowerCase()),
  },
  allowedTokenUse: {
    what: 'id or access',
    valid: (item) => (TOKEN_USES as readonly string[]).includes(item),
  },
};

/**
 * Why `item` cannot be one item of `setting`, or undefined when it can. The value itself is left
 * out, so the caller quotes it the way its messages do.
 */
function listItemProblem(setting: ListSetting, item: string): string | undefined {
  if (item.includes(LIST_SEPARATOR)) {
    return `contains "${LIST_SEPARATOR}", which separates the function's list items: it would be read as ${splitList(item).length} items, so it cannot be used`;
  }
  if (item !== item.trim() || item === '') {
    return 'begins or ends with white space or is empty, which the list syntax drops';
  }
  const rule = ITEM_RULES[setting];
  return rule.valid(item) ? undefined : `is not ${rule.what}`;
}

/** The first item of `items` that `setting` cannot hold, with why; undefined when all can. */
export function listProblem(
  setting: ListSetting,
  items: readonly string[],
): { item: string; problem: string } | undefined {
  for (const item of items) {
    const problem = listItemProblem(setting, item);
    if (problem !== undefined) return { item, problem };
  }
  return undefined;
}
