/**
 * `maxResults` / `pageToken` paging for the list methods (docs/google/emulator-choices.md,
 * 'Paging': old bounds 1–200; "a page may be less than maxResults"). Page tokens are opaque to
 * clients: base64url of the list they belong to and an offset; a token from another list, or
 * garbage, gets 400.
 */
import { invalidArgumentError } from '../errors.js';

export const MAX_PAGE_SIZE = 200;
/** Google's default page size is undocumented; the emulator answers everything up to the maximum. */
export const DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

function encode(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: list, o: offset })).toString('base64url');
}

function decode(token: string, list: string, total: number): number {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null) {
      const { l, o } = value as { l?: unknown; o?: unknown };
      if (l === list && typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= total) return o;
    }
  } catch {
    // fall through to the error below
  }
  const shown = token.length > 100 ? `${token.slice(0, 97)}...` : token;
  throw invalidArgumentError(`Invalid value at 'page_token' (TYPE_STRING), ${JSON.stringify(shown)}`, 'pageToken');
}

/** One page of `items`; `list` names the list (and its filters) so tokens cannot cross lists. */
export function paginate<T>(items: readonly T[], list: string, maxResults: number | undefined, pageToken: string | undefined): Page<T> {
  const size = maxResults ?? DEFAULT_PAGE_SIZE;
  const offset = pageToken === undefined || pageToken === '' ? 0 : decode(pageToken, list, items.length);
  const end = offset + size;
  const page: Page<T> = { items: items.slice(offset, end) };
  if (end < items.length) page.nextPageToken = encode(list, end);
  return page;
}

/** A page token for `offset` in `list`, for lists that page both ways (scores.list, listWindow). */
export function pageTokenAt(list: string, offset: number): string {
  return encode(list, offset);
}

/** The offset a page token of `list` stands for; 400 for another list's token or garbage. */
export function offsetOfPageToken(token: string, list: string, total: number): number {
  return decode(token, list, total);
}
