import { describe, expect, it, vi } from 'vitest';
import { definition } from '../test-support/fake-achievement-games.js';
import { DefinitionsCache } from './definitions-cache.js';

const KEY = { applicationId: '123456789012', language: undefined };

function setup(ttlMs = 60_000) {
  let now = 1_000_000;
  let version = 1;
  const fetch = vi.fn(async (_token: string, language: string | undefined) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return [definition(`a${version}-${language ?? 'default'}`)];
  });
  const onStaleServed = vi.fn();
  const cache = new DefinitionsCache({ ttlMs, fetch, now: () => now, onStaleServed });
  return {
    cache,
    fetch,
    onStaleServed,
    advance: (ms: number) => (now += ms),
    bump: () => version++,
  };
}

describe('DefinitionsCache', () => {
  it('keeps at most maxEntries copies, forgetting the least recently used first', async () => {
    const fetch = vi.fn(async (_token: string, language: string | undefined) => [definition(`a-${language ?? 'default'}`)]);
    const cache = new DefinitionsCache({ ttlMs: 60_000, fetch, now: () => 1_000, maxEntries: 3 });
    const get = (language: string) => cache.get({ applicationId: '1', language }, async () => 't');
    for (const language of ['en-US', 'fr-FR', 'de-DE']) await get(language);
    await get('en-US'); // the most recently used now
    await get('ja-JP'); // fr-FR goes
    expect(cache.size).toBe(3);
    expect(fetch).toHaveBeenCalledTimes(4);
    await get('en-US');
    expect(fetch).toHaveBeenCalledTimes(4);
    await get('fr-FR');
    expect(fetch).toHaveBeenCalledTimes(5);
    for (let i = 0; i < 1_000; i++) await get(`x-${i}`);
    expect(cache.size).toBe(3);
  });

  it('fetches once for many concurrent callers, with the first caller’s token', async () => {
    const { cache, fetch } = setup();
    const tokens = vi.fn(async () => 'token-a');
    const results = await Promise.all(Array.from({ length: 25 }, () => cache.get(KEY, tokens)));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('token-a', undefined);
    expect(tokens).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]!.byId.get('a1-default')?.name).toBe('Name of a1-default');
  });

  it('serves the cached copy within the TTL without asking for a token, and refreshes after it', async () => {
    const { cache, fetch, advance, bump } = setup(1_000);
    await cache.get(KEY, async () => 't');
    const tokens = vi.fn(async () => 't');
    advance(999);
    expect((await cache.get(KEY, tokens)).list.map((d) => d.id)).toEqual(['a1-default']);
    expect(tokens).not.toHaveBeenCalled();
    bump();
    advance(1);
    expect((await cache.get(KEY, tokens)).list.map((d) => d.id)).toEqual(['a2-default']);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('refetches a copy older than maxAgeMs when the caller knows it is behind', async () => {
    const { cache, fetch, advance } = setup(60_000);
    await cache.get(KEY, async () => 't');
    advance(5_000);
    await cache.get(KEY, async () => 't', { maxAgeMs: 10_000 });
    expect(fetch).toHaveBeenCalledTimes(1);
    advance(5_000);
    await cache.get(KEY, async () => 't', { maxAgeMs: 10_000 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps one entry per language', async () => {
    const { cache, fetch } = setup();
    const fr = await cache.get({ ...KEY, language: 'fr' }, async () => 't');
    const en = await cache.get({ ...KEY, language: 'en' }, async () => 't');
    await cache.get({ ...KEY, language: 'fr' }, async () => 't');
    expect(fr.list[0]!.id).toBe('a1-fr');
    expect(en.list[0]!.id).toBe('a1-en');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('with TTL 0 fetches on every call (caching off)', async () => {
    const { cache, fetch } = setup(0);
    await cache.get(KEY, async () => 't');
    await cache.get(KEY, async () => 't');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('serves the stale copy when a refresh fails, and says so', async () => {
    const { cache, fetch, advance, onStaleServed } = setup(1_000);
    await cache.get(KEY, async () => 't');
    advance(5_000);
    const boom = new Error('google down');
    fetch.mockRejectedValueOnce(boom);
    expect((await cache.get(KEY, async () => 't')).list[0]!.id).toBe('a1-default');
    expect(onStaleServed).toHaveBeenCalledWith(KEY, boom);
  });

  it('rejects every waiter when the first fetch fails and nothing is cached, then tries again', async () => {
    const { cache, fetch } = setup();
    fetch.mockRejectedValueOnce(new Error('google down'));
    const waiting = Array.from({ length: 3 }, () => cache.get(KEY, async () => 't'));
    for (const w of waiting) await expect(w).rejects.toThrow('google down');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await cache.get(KEY, async () => 't')).list).toHaveLength(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('fails when the token cannot be had, without fetching', async () => {
    const { cache, fetch } = setup();
    await expect(cache.get(KEY, async () => Promise.reject(new Error('reauth')))).rejects.toThrow('reauth');
    expect(fetch).not.toHaveBeenCalled();
  });
});
