/**
 * Sign-in's rare failures, each with its own code (they answered 500 INTERNAL): a sign-in racing
 * the player's own `DELETE /v1/me`, Google's `players.get('me')` refusing the player (403) or
 * knowing no profile (404), and two stored players claiming one Google account (ID token `sub`).
 */
import { expect, it } from 'vitest';
import type { FetchLike } from '../../google/http.js';
import type { Store } from '../../store/store.js';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, signInNewPlayer, type Harness } from '../test-support/harness.js';

async function mint(h: Harness, playerId: string, scopes: ('openid' | 'email' | 'profile')[] = ['openid', 'email', 'profile']): Promise<string> {
  const minted = await h.control.mintServerAuthCode({ playerId, clientId: h.config.google.credentials!.clientId, scopes, forceRefreshToken: true });
  return minted.serverAuthCode;
}

function signIn(h: Harness, payload: Record<string, unknown>) {
  return h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload });
}

/** Google's answers with the IDs that tie a new player ID to an old one left out (a client without ID remapping). */
const withoutRemapHints = (fetch: FetchLike): FetchLike => async (url, init) => {
  const res = await fetch(url, init);
  const path = new URL(url).pathname;
  if (path !== '/games/v1/players/me' && !path.startsWith('/games/v1/applications/')) return res;
  const { originalPlayerId: _original, alternate_player_id: _alternate, ...rest } = JSON.parse(await res.text()) as Record<string, unknown>;
  return { status: res.status, headers: res.headers, text: async () => JSON.stringify(rest) };
};

describeEachStore('sign-in: the rare failures', (database) => {
  const harness = harnessesFor(database);

  it('players.get(me) refused with 403: 403 PLAY_GAMES_ACCESS_DENIED, nothing stored', async () => {
    const h = await harness();
    const player = await h.control.createPlayer({ displayName: 'Ada' });
    await h.control.addFault({ path: '/games/v1/players/me', method: 'GET', status: 403, reason: 'forbidden', times: 1 });
    const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 403,
      body: { error: { code: 'PLAY_GAMES_ACCESS_DENIED', message: expect.stringContaining('tester') } },
    });
    expect(await h.store.countPlayers()).toBe(0);
  });

  it('players.get(me) answering 404: 404 PLAY_GAMES_PROFILE_NOT_FOUND, nothing stored', async () => {
    const h = await harness();
    const player = await h.control.createPlayer({ displayName: 'Ada' });
    await h.control.addFault({ path: '/games/v1/players/me', method: 'GET', status: 404, reason: 'notFound', times: 1 });
    const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 404,
      body: { error: { code: 'PLAY_GAMES_PROFILE_NOT_FOUND', message: expect.stringContaining('Play Games profile') } },
    });
    expect(await h.store.countPlayers()).toBe(0);
  });

  it('a sign-in racing DELETE /v1/me: 409 PLAYER_DELETED_DURING_SIGN_IN, the deletion stands, the new grant is revoked', async () => {
    let deleteDuringSignIn: (() => Promise<void>) | undefined;
    // The race made deterministic: the player's own DELETE /v1/me runs right after this sign-in
    // stored the player, before it stores the grant and opens the session.
    const racingStore = (store: Store): Store =>
      new Proxy(store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (name !== 'upsertPlayerOnSignIn' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            const race = deleteDuringSignIn;
            deleteDuringSignIn = undefined;
            await race?.();
            return result;
          };
        },
      });
    const base = await harness();
    const h = await harness({ emulator: base.emulator, deps: { store: racingStore(base.store) } });
    const first = await signInNewPlayer(h);
    deleteDuringSignIn = async () => {
      const deleted = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${first.accessToken}` } });
      expect(deleted.statusCode).toBe(204);
    };
    const res = await signIn(h, { serverAuthCode: await mint(h, first.playerId) });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 409,
      body: { error: { code: 'PLAYER_DELETED_DURING_SIGN_IN', message: expect.stringContaining('sign in again') } },
    });
    expect(deleteDuringSignIn).toBeUndefined();
    expect(await h.store.findPlayerByPlayerId(h.config.google.applicationId!, first.playerId)).toBeUndefined();
    // The tokens this sign-in got are not kept: the grant is revoked at Google too.
    const truth = await h.control.player(first.playerId);
    expect(truth.grants.filter((grant) => grant.active)).toEqual([]);
    // A new sign-in starts afresh.
    const again = await signIn(h, { serverAuthCode: await mint(h, first.playerId) });
    expect([again.statusCode, again.json().created]).toEqual([200, true]);
  });

  it('two stored players claiming one Google account: 409 GOOGLE_ACCOUNT_CONFLICT, neither player changed', async () => {
    const h = await harness({ wrapFetch: withoutRemapHints });
    const ada = await h.control.createPlayer({ displayName: 'Ada' });
    const first = await signIn(h, { serverAuthCode: await mint(h, ada.playerId) });
    expect(first.statusCode).toBe(200);
    // Google moves the player to a next-generation ID, and (the hints left out) the backend cannot
    // tell: a sign-in without openid stores a second player for the same Google account. (The
    // player removed the game's access first, so that the new grant holds no openid scope: Google
    // keeps one grant per account and client, its scopes accumulated.)
    await h.control.revokeGrants(ada.playerId);
    const { playerId: nextId } = await h.control.changePlayerId(ada.playerId);
    const second = await signIn(h, { serverAuthCode: await mint(h, nextId, []) });
    expect([second.statusCode, second.json().created]).toEqual([200, true]);
    const before = await Promise.all([ada.playerId, nextId].map((id) => h.store.findPlayerByPlayerId(h.config.google.applicationId!, id)));

    // Now an ID token names the account the first player holds.
    const res = await signIn(h, { serverAuthCode: await mint(h, nextId) });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 409,
      body: { error: { code: 'GOOGLE_ACCOUNT_CONFLICT', message: expect.any(String) } },
    });
    const after = await Promise.all([ada.playerId, nextId].map((id) => h.store.findPlayerByPlayerId(h.config.google.applicationId!, id)));
    expect(after).toEqual(before);
    expect(await h.store.countPlayers()).toBe(2);
  });
});
