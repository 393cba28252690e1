/**
 * One authorization per Google account and OAuth client (docs/google/oauth.md, 'One
 * authorization per account and client'): exchanges add scopes and refresh tokens to it,
 * revoking any of its tokens ends all of them, and the ground truth shows one grant per client.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCOPES } from '../../google/wire/scopes.js';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, REGULAR, api, call, exchange, groundTruth, mintCode, postForm, startEmulator } from '../test-support/harness.js';
import { MAX_REFRESH_TOKENS_PER_GRANT } from '../state.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

type Tokens = { access_token: string; refresh_token?: string; scope: string };

async function tokens(options: { scopes?: string[]; forceRefreshToken?: boolean; clientId?: string } = {}): Promise<Tokens> {
  const client = options.clientId === DEMO_APP.secondWebClient!.clientId ? DEMO_APP.secondWebClient! : undefined;
  const reply = await exchange(emulator.app, await mintCode(emulator.app, options), client);
  expect(reply.status).toBe(200);
  return reply.body as Tokens;
}

function refresh(refreshToken: string) {
  return postForm(emulator.app, '/token', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: DEMO_APP.webClientId,
    client_secret: DEMO_APP.webClientSecret,
  });
}

const tokenInfo = async (token: string) => (await call(emulator.app, 'GET', `/tokeninfo?access_token=${encodeURIComponent(token)}`)).body;
const BASE = [SCOPES.gamesLite, SCOPES.driveAppData];

describe('one grant per account and client', () => {
  it('accumulates the scopes of every exchange; each access token keeps the scopes it was issued with', async () => {
    const first = await tokens({ scopes: ['email'] });
    const second = await tokens({ scopes: ['openid'], forceRefreshToken: true });
    expect(second.scope.split(' ')).toEqual([...BASE, SCOPES.email, SCOPES.openid]);
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.grants).toEqual([
      { clientId: DEMO_APP.webClientId, applicationId: DEMO_APP.applicationId, scopes: [...BASE, SCOPES.email, SCOPES.openid], active: true, hasRefreshToken: true, createdAt: expect.any(String) },
    ]);
    expect((await tokenInfo(first.access_token)).scope).toBe([...BASE, SCOPES.email].join(' '));
    expect((await tokenInfo(second.access_token)).scope).toBe(second.scope);
    const refreshed = await refresh(second.refresh_token!);
    expect(refreshed.body.scope).toBe(second.scope);
  });

  it('keeps every refresh token it issued working, up to Google’s 100; the next one ends the oldest', async () => {
    const first = await tokens({ forceRefreshToken: true });
    const second = await tokens({ forceRefreshToken: true });
    expect(first.refresh_token).not.toBe(second.refresh_token);
    expect((await refresh(first.refresh_token!)).status).toBe(200);
    for (let i = 2; i <= MAX_REFRESH_TOKENS_PER_GRANT; i += 1) await tokens({ forceRefreshToken: true });
    expect((await refresh(first.refresh_token!)).body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    expect((await refresh(second.refresh_token!)).status).toBe(200);
  });

  it('revoking one sign-in’s token ends every sign-in of that client, not another client’s', async () => {
    const earlier = await tokens({ forceRefreshToken: true });
    const later = await tokens({ forceRefreshToken: true });
    const secondClient = await tokens({ clientId: DEMO_APP.secondWebClient!.clientId });
    expect((await postForm(emulator.app, '/revoke', { token: later.refresh_token! })).status).toBe(200);
    for (const token of [earlier.access_token, later.access_token]) expect((await api(emulator.app, 'GET', '/games/v1/players/me', token)).status).toBe(401);
    expect((await refresh(earlier.refresh_token!)).status).toBe(400);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', secondClient.access_token)).status).toBe(200);
    const grants = (await groundTruth(emulator.app, REGULAR.playerId)).grants;
    expect(grants.map((grant: { clientId: string; active: boolean }) => [grant.clientId, grant.active])).toEqual([
      [DEMO_APP.webClientId, false],
      [DEMO_APP.secondWebClient!.clientId, true],
    ]);
  });

  it('starts anew after a revocation: the new grant has only the new code’s scopes', async () => {
    const old = await tokens({ scopes: ['email', 'openid'], forceRefreshToken: true });
    await postForm(emulator.app, '/revoke', { token: old.access_token });
    const fresh = await tokens({ forceRefreshToken: false });
    expect(fresh.scope.split(' ')).toEqual(BASE);
    expect((await refresh(old.refresh_token!)).status).toBe(400);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).grants).toEqual([
      expect.objectContaining({ clientId: DEMO_APP.webClientId, scopes: BASE, active: true, hasRefreshToken: false }),
    ]);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', fresh.access_token)).status).toBe(200);
  });

  it(':revokeGrants counts one grant per client', async () => {
    await tokens();
    await tokens();
    await tokens({ clientId: DEMO_APP.secondWebClient!.clientId });
    const reply = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:revokeGrants`);
    expect(reply.body).toEqual({ playerId: REGULAR.playerId, revokedGrants: 2 });
  });
});
