// The room pattern an operator may configure (ZEGO_ROOM_ID_PATTERN / context roomIdPattern),
// matched in linear time. JavaScript's backtracking RegExp can take exponential time on a
// pattern such as `room-([a-z0-9]+-?)*`, so any signed-in caller could turn one operator
// mistake into a request that runs for seconds. RE2 syntax (re2js) has no backtracking: matching
// costs O(pattern × roomId) whatever the pattern. Lookaround and backreferences do not exist in
// RE2 and are refused when the configuration is read.
import { RE2JS } from 're2js';

/** Longest pattern accepted (a room ID is at most 128 bytes; patterns stay far shorter). */
const ROOM_PATTERN_MAX_LENGTH = 1024;

export interface RoomPattern {
  readonly source: string;
  /** Whether the whole roomId matches (the pattern is implicitly anchored at both ends). */
  test(roomId: string): boolean;
}

/** The pattern cannot be used; `problem` says why (the pattern is configuration, not secret). */
export class RoomPatternError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'RoomPatternError';
  }
}

export function compileRoomPattern(source: string): RoomPattern {
  if (source.length > ROOM_PATTERN_MAX_LENGTH) {
    throw new RoomPatternError(`is longer than ${ROOM_PATTERN_MAX_LENGTH} characters`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'cannot be compiled';
    throw new RoomPatternError(
      `is not a supported regular expression (RE2 syntax: no lookaround or backreferences): ${reason}`,
    );
  }
  return { source, test: (roomId) => compiled.matches(roomId) };
}
