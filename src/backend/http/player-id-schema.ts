/**
 * The one schema of a Play Games player ID as a request carries it (a path parameter of the game
 * servers' routes, sign-in's `playerId`), so that every route refuses the same IDs the same way,
 * at the edge, before any store or Google call.
 *
 * Google's player IDs are short ASCII strings (digits, `g…`, `a_…`), but what matters here is
 * what no ID can hold: a control character or a lone UTF-16 surrogate. PostgreSQL's `text`
 * cannot store a NUL at all (it fails the query: "invalid byte sequence for encoding UTF8:
 * 0x00") while SQLite stores it, so without this check the two stores answered one request
 * differently (a 500 and a 404). Refused here, both answer `400 INVALID_REQUEST`.
 */
import { Type, type TString } from 'typebox';

/**
 * Text with no C0 or C1 control character (NUL, CR, LF, tab, …) and no lone surrogate. TypeBox
 * compiles patterns with the `u` flag, where `\uD800-\uDFFF` matches only an unpaired surrogate
 * (a pair is one code point outside that range).
 */
export const PRINTABLE_TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]*$';

/** A player ID field: 1 to 256 characters of printable text. */
export function playerIdSchema(description: string): TString {
  return Type.String({
    minLength: 1,
    maxLength: 256,
    pattern: PRINTABLE_TEXT_PATTERN,
    'x-expected': 'a Play Games player ID of 1 to 256 printable characters (no control characters such as NUL)',
    description,
  });
}
