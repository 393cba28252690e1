/**
 * An ID token that belongs to another grant must not rewrite an account. The token endpoint's
 * answer is tampered with on its way to the backend (the harness's `wrapFetch`): this grant's
 * access token arrives with a validly signed ID token of another player, either the ID token
 * Google issued with that player's own grant (its `at_hash` names their access token), or one
 * signed with the emulator's key without `at_hash`. Either way: 403 ID_TOKEN_MISMATCH, and
 * nothing stored or changed.
 */
import { describe, expect, it } from 'vitest';
import { accessTokenHash } from '../../google/access-token-hash.js';
import type { FetchLike } from '../../google/http.js';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, type Harness } from '../test-support/harness.js';

/** Replaces the `id_token` of token answers while `swap` returns one; records every ID token seen. */
function tokenAnswerTamperer() {
  const seen: string[] = [];
  let swap: ((original: string) => string | undefined) | undefined;
  const wrap =
    (fetch: FetchLike): FetchLike =>
    async (url, init) => {
      const res = await fetch(url, init);
      if (new URL(url).pathname !== '/token') return res;
      const body = JSON.parse(await res.text()) as Record<string, unknown>;
      if (typeof body.id_token === 'string') {
        seen.push(body.id_token);
        const replacement = swap?.(body.id_token);
        if (replacement !== undefined) body.id_token = replacement;
      }
      return { status: res.status, headers: res.headers, text: async () => JSON.stringify(body) };
    };
  return {
    wrap,
    seen,
    set swap(fn: ((original: string) => string | undefined) | undefined) {
      swap = fn;
    },
  };
}

function claimsOf(idToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function signInAs(h: Harness, playerId: string) {
  const { serverAuthCode } = await h.control.mintServerAuthCode({
    playerId,
    clientId: h.config.google.credentials!.clientId,
    scopes: ['openid', 'email', 'profile'],
    forceRefreshToken: true,
  });
  return h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
}

/** An exchange straight at the emulator, as another server would make it: its ID token. */
async function exchangeDirectly(h: Harness, playerId: string): Promise<string> {
  const { clientId, clientSecret } = h.config.google.credentials!;
  const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId, clientId, scopes: ['openid', 'email', 'profile'], forceRefreshToken: true });
  const res = await fetch(new URL('/token', h.emulator.url), {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code: serverAuthCode, client_id: clientId, client_secret: clientSecret, redirect_uri: '' }),
  });
  const body = (await res.json()) as { id_token?: string };
  if (body.id_token === undefined) throw new Error(`exchange failed: ${res.status}`);
  return body.id_token;
}

/** Everything the store holds about the application's players, to compare before and after. */
async function storedState(h: Harness, playerIds: string[]) {
  const app = h.config.google.applicationId!;
  const players = await Promise.all(playerIds.map((id) => h.store.findPlayerByPlayerId(app, id)));
  return {
    players,
    history: await Promise.all(players.map((p) => (p ? h.store.listPlayerIdHistory(p.id) : Promise.resolve([])))),
    grants: await Promise.all(players.map((p) => (p ? h.store.getGrant(p.id) : Promise.resolve(undefined)))),
    playerCount: await h.store.countPlayers(),
    accountCount: await h.store.countAccounts(),
  };
}

describeEachStore('sign-in: an ID token of another grant', (kind) => {
  const harness = harnessesFor(kind);

  it('refuses an ID token whose at_hash names another access token (403 ID_TOKEN_MISMATCH), storing nothing', async () => {
    const tamper = tokenAnswerTamperer();
    const h = await harness({ wrapFetch: tamper.wrap });
    const victim = await h.control.createPlayer({ displayName: 'Victim', email: 'victim@example.com' });
    const intruder = await h.control.createPlayer({ displayName: 'Intruder', email: 'intruder@example.com' });
    // The victim's ID token from their own exchange, which never reached this backend: the store
    // knows neither sub, so only at_hash can tell that the token is not the intruder's.
    const victimIdToken = await exchangeDirectly(h, victim.playerId);
    expect(claimsOf(victimIdToken)).toMatchObject({ sub: victim.googleSub, at_hash: expect.any(String) });

    tamper.swap = () => victimIdToken;
    const res = await signInAs(h, intruder.playerId);

    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: { code: 'ID_TOKEN_MISMATCH', message: expect.stringContaining('nothing was changed') } });
    expect(res.body).not.toContain(victimIdToken);
    expect(await h.store.countPlayers()).toBe(0);
    expect(await h.store.findPlayerByGoogleSub(h.config.google.applicationId!, victim.googleSub)).toBeUndefined();
  });

  it('refuses another grant’s ID token for a stored player too, changing nothing of theirs', async () => {
    const tamper = tokenAnswerTamperer();
    const h = await harness({ wrapFetch: tamper.wrap });
    const victim = await h.control.createPlayer({ displayName: 'Victim' });
    const intruder = await h.control.createPlayer({ displayName: 'Intruder' });
    expect((await signInAs(h, victim.playerId)).statusCode).toBe(200);
    expect((await signInAs(h, intruder.playerId)).statusCode).toBe(200);
    const before = await storedState(h, [victim.playerId, intruder.playerId]);

    tamper.swap = () => tamper.seen[0];
    const res = await signInAs(h, intruder.playerId);

    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ID_TOKEN_MISMATCH');
    expect(await storedState(h, [victim.playerId, intruder.playerId])).toEqual(before);
  });

  it('refuses an ID token without at_hash naming another stored player’s Google account, moving no account', async () => {
    const tamper = tokenAnswerTamperer();
    const h = await harness({ wrapFetch: tamper.wrap });
    const victim = await h.control.createPlayer({ displayName: 'Victim' });
    const intruder = await h.control.createPlayer({ displayName: 'Intruder' });
    const first = await signInAs(h, victim.playerId);
    expect(first.json().player.googleSub).toBe(victim.googleSub);
    const before = await storedState(h, [victim.playerId, intruder.playerId]);

    // The intruder's own token, re-signed with the emulator's key: the victim's sub, no at_hash.
    tamper.swap = (original) => {
      const { at_hash: _binding, ...claims } = claimsOf(original);
      return h.emulator.emulator.state.keys.signJwt({ ...claims, sub: victim.googleSub });
    };
    const res = await signInAs(h, intruder.playerId);

    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ID_TOKEN_MISMATCH');
    expect(await storedState(h, [victim.playerId, intruder.playerId])).toEqual(before);
    const stillVictim = await h.store.findPlayerByGoogleSub(h.config.google.applicationId!, victim.googleSub);
    expect(stillVictim).toMatchObject({ playerId: victim.playerId, displayName: 'Victim' });
  });

  it('still accepts an untampered ID token, and one without at_hash for the player’s own account', async () => {
    const tamper = tokenAnswerTamperer();
    const h = await harness({ wrapFetch: tamper.wrap });
    const player = await h.control.createPlayer({ displayName: 'Ada' });
    expect((await signInAs(h, player.playerId)).statusCode).toBe(200);

    tamper.swap = (original) => {
      const { at_hash: _binding, ...claims } = claimsOf(original);
      return h.emulator.emulator.state.keys.signJwt(claims);
    };
    const again = await signInAs(h, player.playerId);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, player: { playerId: player.playerId, googleSub: player.googleSub } });
  });
});

describe('at_hash', () => {
  it('is the base64url left half of SHA-256 over the access token (OpenID Connect Core 3.1.3.6)', () => {
    // The example of OpenID Connect Core A.4 (an RS256 ID token with at_hash).
    expect(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });
});
