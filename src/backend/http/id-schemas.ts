/**
 * The schemas of the IDs a request carries (a Play Games player ID in a path or in sign-in's
 * `playerId`; an achievement, leaderboard or event ID; a Recall session ID), so that every route
 * refuses the same IDs the same way, at the edge, before any store or Google call.
 *
 * Google's player IDs are short ASCII strings (digits, `g…`, `a_…`), but what matters here is
 * what no ID can hold: a control character or a lone UTF-16 surrogate. PostgreSQL's `text`
 * cannot store a NUL at all (it fails the query: "invalid byte sequence for encoding UTF8:
 * 0x00") while SQLite stores it, so without this check the two stores answered one request
 * differently (a 500 and a 404). Refused here, both answer `400 INVALID_REQUEST`. A lone
 * surrogate, which JSON can spell (`"\ud800"`), would also make `encodeURIComponent` throw when
 * the ID is put in a Google URL (a 500 where the caller sent bad input).
 */
import { Type, type TString } from 'typebox';

/**
 * Text with no C0 or C1 control character (NUL, CR, LF, tab, …) and no lone surrogate. TypeBox
 * compiles patterns with the `u` flag, where `\uD800-\uDFFF` matches only an unpaired surrogate
 * (a pair is one code point outside that range).
 */
export const PRINTABLE_TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]*$';

/** An ID field: 1 to `maxLength` characters of printable text; `what` names it in the 400's message. */
export function printableIdSchema(what: string, maxLength: number, description: string): TString {
  return Type.String({
    minLength: 1,
    maxLength,
    pattern: PRINTABLE_TEXT_PATTERN,
    'x-expected': `${what} of 1 to ${maxLength} printable characters (no control characters such as NUL)`,
    description,
  });
}

/** A player ID field: 1 to 256 characters of printable text. */
export function playerIdSchema(description: string): TString {
  return printableIdSchema('a Play Games player ID', 256, description);
}
