/** The per-process cache behind the shared top pages: one fetch per TTL for every caller, and what a failed refresh serves. */
import { describe, expect, it } from 'vitest';
import { GoogleApiError, GoogleUnavailableError } from '../../google/errors.js';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  const setup = (ttlMs = 1_000, maxEntries = 10) => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs, maxEntries, now: () => now });
    return { cache, advance: (ms: number) => (now += ms) };
  };

  it('concurrent callers share one fetch; within the TTL nothing is fetched again; after it, once', async () => {
    const { cache, advance } = setup();
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 5));
      return fetches;
    };
    expect(await Promise.all(Array.from({ length: 20 }, () => cache.get('k', fetch)))).toEqual(Array(20).fill(1));
    advance(999);
    expect(await cache.get('k', fetch)).toBe(1);
    advance(1);
    expect(await Promise.all([cache.get('k', fetch), cache.get('k', fetch)])).toEqual([2, 2]);
    expect(fetches).toBe(2);
  });

  it('serves the stale copy while Google is unavailable, but throws anything else (a refused token must reach the vault)', async () => {
    const { cache, advance } = setup();
    await cache.get('k', async () => 1);
    advance(5_000);
    const unavailable = new GoogleUnavailableError({ operation: 'games.scores.list', kind: 'timeout', attempts: 1, message: 'timeout' });
    expect(await cache.get('k', () => Promise.reject(unavailable))).toBe(1);
    const refused = new GoogleApiError({ operation: 'games.scores.list', status: 401, reason: 'authError', message: 'invalid token' });
    await expect(cache.get('k', () => Promise.reject(refused))).rejects.toBe(refused);
  });

  it('TTL 0 keeps nothing; the oldest entries go past maxEntries', async () => {
    const off = setup(0).cache;
    let n = 0;
    expect([await off.get('k', async () => ++n), await off.get('k', async () => ++n)]).toEqual([1, 2]);
    expect(off.size).toBe(0);
    const { cache } = setup(1_000, 2);
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => 1);
    expect([cache.fresh('a'), cache.fresh('b'), cache.fresh('c')]).toEqual([undefined, 1, 1]);
  });
});
