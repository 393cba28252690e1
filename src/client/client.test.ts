/**
 * The typed client against a running backend on a real loopback port, as a game server or a
 * web tool uses it: sign in with a code the emulator mints, read the player and their
 * achievements, unlock one as the player and one as the game server, and read a typed error.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../backend/test-support/harness.js';
import { createClient, type ErrorCode } from './index.js';

const SERVER_API_KEY = 'client-test-server-api-key-0123456789';

let harness: Harness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startHarness({ env: { PGS_SERVER_API_KEY: SERVER_API_KEY } });
  await harness.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await harness?.close();
});

async function signIn(): Promise<{ playerId: string; accessToken: string }> {
  const player = await harness.control.createPlayer({ displayName: 'Ada' });
  const { serverAuthCode } = await harness.control.mintServerAuthCode({
    playerId: player.playerId,
    clientId: harness.config.google.credentials!.clientId,
    scopes: ['openid', 'profile'],
    forceRefreshToken: true,
  });
  const { data, error, response } = await createClient({ baseUrl }).POST('/v1/auth/play-games', { body: { serverAuthCode } });
  if (!data) throw new Error(`sign-in answered ${response.status}: ${JSON.stringify(error)}`);
  expect(data.player.playerId).toBe(player.playerId);
  return { playerId: data.player.playerId, accessToken: data.session.accessToken };
}

describe('play-games-server/client', () => {
  it('signs in, reads the player and their achievements, and unlocks one', async () => {
    const { playerId, accessToken } = await signIn();
    const api = createClient({ baseUrl, accessToken });

    const me = await api.GET('/v1/me');
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ playerId, displayName: 'Ada' });

    const list = await api.GET('/v1/me/achievements', { params: { query: { language: 'en-US' } } });
    const standard = list.data?.items.find((item) => item.type === 'STANDARD' && item.state === 'REVEALED');
    expect(standard).toBeDefined();

    const unlock = await api.POST('/v1/me/achievements/{achievementId}/unlock', { params: { path: { achievementId: standard!.id } } });
    expect({ status: unlock.response.status, data: unlock.data }).toEqual({ status: 200, data: { state: 'UNLOCKED', newlyUnlocked: true } });
    const after = await api.GET('/v1/me/achievements');
    expect(after.data?.items.find((item) => item.id === standard!.id)?.state).toBe('UNLOCKED');
  });

  it('calls the game-server routes with the server API key', async () => {
    const { playerId } = await signIn();
    const server = createClient({ baseUrl, accessToken: SERVER_API_KEY });
    const list = await server.GET('/v1/players/{playerId}/achievements', { params: { path: { playerId } } });
    const revealed = list.data?.items.filter((item) => item.type === 'STANDARD' && item.state === 'REVEALED') ?? [];
    const batch = await server.POST('/v1/players/{playerId}/achievements:batch', {
      params: { path: { playerId } },
      body: { updates: revealed.slice(0, 2).map((item) => ({ achievementId: item.id, type: 'UNLOCK' as const })) },
    });
    expect(batch.response.status).toBe(200);
    expect(batch.data && 'results' in batch.data ? batch.data.results.map((result) => result.state) : batch.data).toEqual(['UNLOCKED', 'UNLOCKED']);
  });

  it('answers errors typed: the code is an ErrorCode', async () => {
    const anonymous = createClient({ baseUrl });
    const { data, error, response } = await anonymous.GET('/v1/me');
    // Typed: this assignment compiles only because the client knows the error's shape.
    const code: ErrorCode | undefined = error?.error.code;
    expect({ status: response.status, data, code }).toEqual({ status: 401, data: undefined, code: 'UNAUTHENTICATED' });

    const refused = await anonymous.POST('/v1/auth/play-games', { body: { serverAuthCode: 'not-a-code' } });
    expect({ status: refused.response.status, code: refused.error?.error.code }).toEqual({ status: 401, code: 'AUTH_CODE_INVALID' });
  });

  it('asks a token function before every request, so a refreshed session is used at once', async () => {
    const first = await signIn();
    const second = await signIn();
    let current = first.accessToken;
    const api = createClient({ baseUrl, accessToken: () => current });
    expect((await api.GET('/v1/me')).data?.playerId).toBe(first.playerId);
    current = second.accessToken;
    expect((await api.GET('/v1/me')).data?.playerId).toBe(second.playerId);
  });
});
