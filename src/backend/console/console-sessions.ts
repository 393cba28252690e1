/**
 * Console sessions: what signing in at `/console` with `PGS_SERVER_API_KEY` gives the browser.
 *
 * A session is a signed cookie value, `expiresAt.nonce.mac`, HMAC-SHA256 under a key derived
 * from the session secret and the server API key: it needs no table, so it holds across every
 * backend instance, and rotating the server API key ends every console session at once. Its
 * CSRF token is derived from its nonce under the same key, so the page and the cookie agree
 * without storage (the synchronizer-token pattern,
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html).
 * Signing out clears the cookie; a cookie copied elsewhere stays valid until it expires (8 hours).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie's name. Not `__Host-`: that prefix needs `Secure`, and the console also runs on plain http://127.0.0.1. */
export const CONSOLE_COOKIE = 'pgs_console';
/** How long a console session lasts. */
export const CONSOLE_SESSION_TTL_MS = 8 * 3_600_000;

/** A verified console session. */
export interface ConsoleSession {
  /** A short, non-secret tag naming the session in the audit log. */
  tag: string;
  csrfToken: string;
  expiresAt: number;
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class ConsoleSessions {
  readonly #serverApiKey: Buffer | undefined;
  readonly #key: Buffer | undefined;
  readonly #now: () => number;

  constructor(options: { serverApiKey: string | undefined; sessionSecret: Buffer; now: () => number }) {
    this.#serverApiKey = options.serverApiKey === undefined ? undefined : Buffer.from(options.serverApiKey, 'utf8');
    this.#key =
      options.serverApiKey === undefined ? undefined : createHmac('sha256', options.sessionSecret).update(`pgs-console-v1\0${options.serverApiKey}`).digest();
    this.#now = options.now;
  }

  /** Whether a server API key is configured (without one, nobody can sign in). */
  get enabled(): boolean {
    return this.#key !== undefined;
  }

  /** Whether `given` is the server API key (compared in constant time). */
  keyMatches(given: string): boolean {
    if (this.#serverApiKey === undefined) return false;
    const candidate = Buffer.from(given, 'utf8');
    return candidate.length === this.#serverApiKey.length && timingSafeEqual(candidate, this.#serverApiKey);
  }

  /** A new session: the cookie value to set, and the session it stands for. */
  issue(): { cookieValue: string; session: ConsoleSession } {
    if (this.#key === undefined) throw new Error('console sessions need a server API key');
    const expiresAt = this.#now() + CONSOLE_SESSION_TTL_MS;
    const nonce = randomBytes(18).toString('base64url');
    const payload = `${expiresAt}.${nonce}`;
    return { cookieValue: `${payload}.${mac(this.#key, payload)}`, session: this.#session(nonce, expiresAt) };
  }

  /** The session a cookie value stands for, or undefined when it is forged, malformed or expired. */
  verify(cookieValue: string | undefined): ConsoleSession | undefined {
    if (this.#key === undefined || cookieValue === undefined) return undefined;
    const parts = cookieValue.split('.');
    if (parts.length !== 3) return undefined;
    const [expires, nonce, signature] = parts as [string, string, string];
    if (!sameText(signature, mac(this.#key, `${expires}.${nonce}`))) return undefined;
    const expiresAt = Number(expires);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= this.#now()) return undefined;
    return this.#session(nonce, expiresAt);
  }

  /** Whether `given` is the session's CSRF token (constant time). */
  csrfMatches(session: ConsoleSession, given: string | undefined): boolean {
    return given !== undefined && sameText(given, session.csrfToken);
  }

  #session(nonce: string, expiresAt: number): ConsoleSession {
    return { tag: mac(this.#key!, `tag.${nonce}`).slice(0, 8), csrfToken: mac(this.#key!, `csrf.${nonce}`), expiresAt };
  }
}

/** The value of cookie `name` in a `Cookie` header (RFC 6265 §5.4), or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1) continue;
    if (pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}
