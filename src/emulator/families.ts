/**
 * Which error format a path speaks: RFC 6749 at the OAuth endpoints, the control API's own
 * shape under `/emulator/`, Google's REST envelope everywhere else.
 */
export type RouteFamily = 'oauth' | 'control' | 'google';

const OAUTH_PATHS = new Set(['/token', '/revoke', '/tokeninfo']);

/** The path of a URL, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The error format of a request URL. */
export function familyOf(url: string): RouteFamily {
  const path = pathOf(url);
  if (path.startsWith('/emulator/')) return 'control';
  if (OAUTH_PATHS.has(path)) return 'oauth';
  return 'google';
}
