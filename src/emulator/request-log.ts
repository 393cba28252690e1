/**
 * The recent requests the emulator served (`GET /emulator/v1/requests`), newest last, in a
 * bounded ring buffer: memory stays flat under load. Secrets in query strings are redacted
 * before an entry is stored; control-API calls are not logged.
 */

/** One logged request. */
export interface RequestLogEntry {
  id: string;
  time: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  durationMs: number;
  fault?: string;
  dropped?: boolean;
}

interface StoredEntry {
  seq: number;
  wallTime: number;
  method: string;
  path: string;
  operation: string;
  status: number;
  durationMs: number;
  fault: string | undefined;
  dropped: boolean;
}

const SECRET_PARAMETERS = new Set(['access_token', 'oauth_token', 'token', 'code', 'refresh_token', 'id_token', 'client_secret', 'key', 'assertion', 'sessionid', 'session_id']);

/** A query parameter's name as the server reads it: percent-decoded, `$` system prefix dropped. */
function parameterName(raw: string): string {
  let name = raw.replace(/\+/g, ' ');
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not decodable: compared as it came.
  }
  return name.replace(/^\$/, '').toLowerCase();
}

/** Recall reads carry the player's Recall session ID in the path: a credential, like a code. */
const RECALL_SESSION_PATH = /^(\/games\/v1\/recall\/(?:tokens|gamesPlayerTokens|developerGamesLastPlayerToken)\/)[^/?#]+/;

/**
 * Replaces the values of secret-bearing query parameters with `REDACTED`, however the name is
 * spelled on the wire (`key`, `$key`, `%24key`, `acc%65ss_token` all reach the server as secrets),
 * and the Recall session ID of a Recall path.
 */
export function redactUrl(rawUrl: string): string {
  const url = rawUrl.replace(RECALL_SESSION_PATH, '$1REDACTED');
  const query = url.indexOf('?');
  if (query === -1) return url;
  const hash = url.indexOf('#', query);
  const end = hash === -1 ? url.length : hash;
  const pairs = url
    .slice(query + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1 || !SECRET_PARAMETERS.has(parameterName(pair.slice(0, equals)))) return pair;
      return `${pair.slice(0, equals)}=REDACTED`;
    });
  return `${url.slice(0, query + 1)}${pairs.join('&')}${url.slice(end)}`;
}

/** A ring buffer of the last `capacity` requests. */
export class RequestLog {
  readonly capacity: number;
  #entries: Array<StoredEntry | undefined>;
  #next = 0;
  #seq = 0;

  constructor(capacity = 1000) {
    this.capacity = Math.max(0, Math.floor(capacity));
    this.#entries = new Array<StoredEntry | undefined>(this.capacity);
  }

  /** Records one request (its URL is redacted here). */
  record(entry: {
    wallTime: number;
    method: string;
    url: string;
    operation: string;
    status: number;
    durationMs: number;
    fault?: string | undefined;
    dropped?: boolean | undefined;
  }): void {
    this.#seq += 1;
    if (this.capacity === 0) return;
    this.#entries[this.#next] = {
      seq: this.#seq,
      wallTime: entry.wallTime,
      method: entry.method,
      path: redactUrl(entry.url),
      operation: entry.operation,
      status: entry.status,
      durationMs: entry.durationMs,
      fault: entry.fault,
      dropped: entry.dropped ?? false,
    };
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** The stored entries, oldest first, optionally only one operation. */
  list(operation?: string): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let i = 0; i < this.capacity; i += 1) {
      const stored = this.#entries[(this.#next + i) % this.capacity];
      if (!stored || (operation !== undefined && stored.operation !== operation)) continue;
      const entry: RequestLogEntry = {
        id: String(stored.seq),
        time: new Date(stored.wallTime).toISOString(),
        method: stored.method,
        path: stored.path,
        operation: stored.operation,
        status: stored.status,
        durationMs: Math.round(stored.durationMs * 1000) / 1000,
      };
      if (stored.fault !== undefined) entry.fault = stored.fault;
      if (stored.dropped) entry.dropped = true;
      out.push(entry);
    }
    return out;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries = new Array<StoredEntry | undefined>(this.capacity);
    this.#next = 0;
  }
}
