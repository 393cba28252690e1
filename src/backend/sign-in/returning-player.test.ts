/**
 * A returning player's scoped IDs (`gamePlayerId`, `developerPlayerKey`) are stable, so a sign-in
 * whose ID token's `sub` names a stored player holding both does not fetch them again
 * (`storedScopedIds` in pipeline.ts). Counted at the backend's transport to Google: the calls to
 * `players/me/scopedIds` each sign-in makes.
 */
import { expect, it } from 'vitest';
import type { FetchLike } from '../../google/http.js';
import type { OptionalScope } from '../../google/wire/scopes.js';
import type { Player } from '../../store/store.js';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, type Harness } from '../test-support/harness.js';

const SCOPED_IDS_PATH = '/games/v1/players/me/scopedIds';

/** Counts the backend's calls to the scoped-IDs endpoint; while `failing`, answers them 500. */
function scopedIdsSpy() {
  const spy = { calls: 0, failing: false, wrap: (fetch: FetchLike): FetchLike => fetch };
  spy.wrap =
    (fetch: FetchLike): FetchLike =>
    async (url, init) => {
      if (new URL(url).pathname !== SCOPED_IDS_PATH) return fetch(url, init);
      spy.calls++;
      if (spy.failing) {
        return { status: 500, headers: new Headers({ 'content-type': 'application/json' }), text: async () => '{"error":{"code":500,"message":"backendError"}}' };
      }
      return fetch(url, init);
    };
  return spy;
}

async function signIn(h: Harness, playerId: string, scopes: OptionalScope[] = ['openid', 'email', 'profile']) {
  const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId, clientId: h.config.google.credentials!.clientId, scopes, forceRefreshToken: true });
  return h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
}

const storedPlayer = (h: Harness, playerId: string): Promise<Player | undefined> => h.store.findPlayerByPlayerId(h.config.google.applicationId!, playerId);

describeEachStore('sign-in: a returning player’s scoped IDs', (kind) => {
  const harness = harnessesFor(kind);

  it('a first sign-in fetches the scoped IDs and stores them', async () => {
    const spy = scopedIdsSpy();
    const h = await harness({ wrapFetch: spy.wrap });
    const { playerId } = await h.control.createPlayer({ displayName: 'Ada' });

    const res = await signIn(h, playerId);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: true, player: { playerId } });
    expect(spy.calls).toBe(1);
    const stored = await storedPlayer(h, playerId);
    expect(stored?.gamePlayerId).toEqual(expect.any(String));
    expect(stored?.developerPlayerKey).toEqual(expect.any(String));
  });

  it('a returning player with openid makes no scoped-IDs call and keeps the stored IDs', async () => {
    const spy = scopedIdsSpy();
    const h = await harness({ wrapFetch: spy.wrap });
    const { playerId } = await h.control.createPlayer({ displayName: 'Ada' });
    expect((await signIn(h, playerId)).statusCode).toBe(200);
    const first = await storedPlayer(h, playerId);
    expect(spy.calls).toBe(1);

    const again = await signIn(h, playerId);
    const third = await signIn(h, playerId);

    expect(again.statusCode).toBe(200);
    expect(third.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, player: { playerId } });
    expect(spy.calls).toBe(1);
    const stored = await storedPlayer(h, playerId);
    expect(stored).toMatchObject({ id: first!.id, gamePlayerId: first!.gamePlayerId, developerPlayerKey: first!.developerPlayerKey });
    expect(stored!.lastSignInAt).toBeGreaterThanOrEqual(first!.lastSignInAt);
  });

  it('a returning player whose stored row lacks the scoped IDs fetches them', async () => {
    const spy = scopedIdsSpy();
    const h = await harness({ wrapFetch: spy.wrap });
    const { playerId } = await h.control.createPlayer({ displayName: 'Ada' });
    // The best-effort call fails (retries included): the player is stored without the key.
    spy.failing = true;
    expect((await signIn(h, playerId)).statusCode).toBe(200);
    expect((await storedPlayer(h, playerId))?.developerPlayerKey).toBeNull();
    expect(spy.calls).toBeGreaterThan(0);
    spy.failing = false;
    spy.calls = 0;

    const again = await signIn(h, playerId);

    expect(again.statusCode).toBe(200);
    expect(spy.calls).toBe(1);
    const stored = await storedPlayer(h, playerId);
    expect(stored?.gamePlayerId).toEqual(expect.any(String));
    expect(stored?.developerPlayerKey).toEqual(expect.any(String));
    // And from then on the stored IDs serve.
    expect((await signIn(h, playerId)).statusCode).toBe(200);
    expect(spy.calls).toBe(1);
  });

  it('without openid, a returning player fetches the scoped IDs as before', async () => {
    const spy = scopedIdsSpy();
    const h = await harness({ wrapFetch: spy.wrap });
    const { playerId } = await h.control.createPlayer({ displayName: 'Ada' });
    // The games scopes alone, twice (Google adds a player's earlier grants to a new code's, so
    // openid must never have been granted): no ID token, so no `sub` to look the player up by.
    expect((await signIn(h, playerId, [])).statusCode).toBe(200);
    const first = await storedPlayer(h, playerId);
    expect(first?.googleSub).toBeNull();

    const again = await signIn(h, playerId, []);

    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, player: { playerId, gamePlayerId: first!.gamePlayerId, developerPlayerKey: first!.developerPlayerKey } });
    expect(spy.calls).toBe(2);
  });
});
