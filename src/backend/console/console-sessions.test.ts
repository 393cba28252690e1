import { describe, expect, it } from 'vitest';
import { CONSOLE_SESSION_TTL_MS, ConsoleSessions, readCookie } from './console-sessions.js';

const SECRET = Buffer.alloc(32, 7);
const KEY = 'server-api-key-0123456789abcdef';

function sessions(options: { key?: string; at?: () => number } = {}) {
  return new ConsoleSessions({ serverApiKey: options.key ?? KEY, sessionSecret: SECRET, now: options.at ?? (() => 1_000_000) });
}

describe('ConsoleSessions', () => {
  it('issues a cookie that verifies to the same session and CSRF token, until it expires', () => {
    let now = 1_000_000;
    const s = sessions({ at: () => now });
    const { cookieValue, session } = s.issue();
    expect(session.expiresAt).toBe(1_000_000 + CONSOLE_SESSION_TTL_MS);
    expect(s.verify(cookieValue)).toEqual(session);
    expect(s.csrfMatches(session, session.csrfToken)).toBe(true);
    expect(s.csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(s.csrfMatches(session, undefined)).toBe(false);
    now = session.expiresAt - 1;
    expect(s.verify(cookieValue)).toEqual(session);
    now = session.expiresAt;
    expect(s.verify(cookieValue)).toBeUndefined();
  });

  it('gives every session its own CSRF token and tag, and carries no secret in the cookie', () => {
    const s = sessions();
    const a = s.issue();
    const b = s.issue();
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(a.session.tag).not.toBe(b.session.tag);
    expect(s.csrfMatches(a.session, b.session.csrfToken)).toBe(false);
    expect(a.cookieValue).not.toContain(KEY);
    expect(a.cookieValue).not.toContain(a.session.csrfToken);
  });

  it('ends every session when the server API key changes', () => {
    const { cookieValue } = sessions().issue();
    expect(sessions({ key: 'another-server-api-key-0123456789' }).verify(cookieValue)).toBeUndefined();
  });

  it('refuses a moved expiry, a foreign signature and malformed values', () => {
    const s = sessions();
    const { cookieValue } = s.issue();
    const [expires, nonce, mac] = cookieValue.split('.') as [string, string, string];
    for (const forged of [`${Number(expires) + 1}.${nonce}.${mac}`, `${expires}.${nonce}x.${mac}`, `${expires}.${nonce}`, '', 'a.b.c.d', undefined]) {
      expect(s.verify(forged)).toBeUndefined();
    }
  });

  it('without a server API key, nobody signs in', () => {
    const s = new ConsoleSessions({ serverApiKey: undefined, sessionSecret: SECRET, now: () => 0 });
    expect(s.enabled).toBe(false);
    expect(s.keyMatches('')).toBe(false);
    expect(() => s.issue()).toThrow();
  });
});

describe('readCookie', () => {
  it('finds a cookie by its exact name among others', () => {
    expect(readCookie('a=1; pgs_console=v.w.x; b=2', 'pgs_console')).toBe('v.w.x');
    expect(readCookie('xpgs_console=1', 'pgs_console')).toBeUndefined();
    expect(readCookie(undefined, 'pgs_console')).toBeUndefined();
  });
});
