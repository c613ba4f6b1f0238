// Token lifetimes on the command line: whole seconds, or a number with s, m, h or d.
// The bounds (60 s … 24 days) are the core's (validateTtl), applied when the token is made.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds for "3600", "90s", "10m", "1h", "7d"; undefined when the text is none of these. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] as number);
}
