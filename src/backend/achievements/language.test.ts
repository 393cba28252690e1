/**
 * `?language` on achievement reads: normalised to a language Google Play supports, or refused.
 * Regression: every distinct value added an entry to the definitions cache and cost one Google
 * call, without bound (32 MB after 9,000 made-up values).
 */
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../google/http.js';
import { harnessesFor, signInNewPlayer } from '../test-support/harness.js';

describe('?language on achievement reads', () => {
  const harness = harnessesFor('sqlite');

  /** The `language` of every achievement-definitions call the backend makes to Google. */
  function definitionsLanguages(): { seen: (string | null)[]; wrap: (fetch: FetchLike) => FetchLike } {
    const seen: (string | null)[] = [];
    return {
      seen,
      wrap: (fetch) => async (url, init) => {
        const parsed = new URL(url);
        if (parsed.pathname === '/games/v1/achievements') seen.push(parsed.searchParams.get('language'));
        return fetch(url, init);
      },
    };
  }

  it('sends Google Google Play’s spelling of the language, and shares one cache entry per language', async () => {
    const spy = definitionsLanguages();
    const h = await harness({ wrapFetch: spy.wrap });
    const { accessToken } = await signInNewPlayer(h);
    for (const language of ['fr_fr', 'FR-fr', 'fr-FR', 'fr', 'fr-BE']) {
      const res = await h.app.inject({ method: 'GET', url: `/v1/me/achievements?language=${language}`, headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.statusCode).toBe(200);
    }
    expect(spy.seen).toEqual(['fr-FR']);
  });

  it('refuses a language Google Play does not support: 400, nothing asked of Google', async () => {
    const spy = definitionsLanguages();
    const h = await harness({ wrapFetch: spy.wrap });
    const { accessToken } = await signInNewPlayer(h);
    const res = await h.app.inject({ method: 'GET', url: '/v1/me/achievements?language=xx-YY', headers: { authorization: `Bearer ${accessToken}` } });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', message: expect.stringContaining('a language Google Play supports') } },
    });
    expect(spy.seen).toEqual([]);
  });

  it('thousands of made-up languages cost no Google call and no cache entry', async () => {
    const spy = definitionsLanguages();
    const h = await harness({ wrapFetch: spy.wrap });
    const { accessToken } = await signInNewPlayer(h);
    const headers = { authorization: `Bearer ${accessToken}` };
    const answers = await Promise.all(
      Array.from({ length: 2_000 }, (_, i) => h.app.inject({ method: 'GET', url: `/v1/me/achievements?language=qx-${i.toString(36)}`, headers })),
    );
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([400]));
    expect(spy.seen).toEqual([]);
  });
});
