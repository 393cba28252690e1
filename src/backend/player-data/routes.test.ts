/**
 * `GET /v1/me/stats` and `GET /v1/me/saved-games` over HTTP on both stores, against the
 * emulator seeded through its control API: JSON numbers, camelCase, epoch milliseconds; Google
 * failing is the registry's 503; a dead grant REAUTH_REQUIRED.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { signInNewPlayer, startHarness, type Harness } from '../test-support/harness.js';

describeEachStore('stats and saved games', (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: database, env: { PGS_SIGN_IN_RATE_LIMIT: '100000' } });
  });
  afterAll(async () => {
    await h?.close();
  });
  const get = (url: string, token: string) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('GET /v1/me/stats: Google’s figures in camelCase JSON numbers, only those Google has', async () => {
    const p = await signInNewPlayer(h);
    expect((await get('/v1/me/stats', p.accessToken)).json()).toEqual({});
    await h.control.setStats(p.playerId, { num_sessions: 12, churn_probability: 0.25, days_since_last_played: 3, total_spend_next_28_days: 9.99 });
    const res = await get('/v1/me/stats', p.accessToken);
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 200,
      body: { numSessions: 12, churnProbability: 0.25, daysSinceLastPlayed: 3, totalSpendNext28Days: 9.99 },
    });
  });

  it('GET /v1/me/saved-games: metadata as numbers and epoch milliseconds, newest first', async () => {
    const p = await signInNewPlayer(h);
    expect((await get('/v1/me/saved-games', p.accessToken)).json()).toEqual({ items: [] });
    const older = await h.control.putSnapshot(p.playerId, 'slot-1', {
      title: 'Castle, floor 3',
      description: 'Before the dragon',
      durationMillis: 3_600_000,
      progressValue: 42,
      lastModifiedMillis: 1_767_225_600_000,
      coverImage: { url: 'https://example.com/cover.png', width: 640, height: 360, mimeType: 'image/png' },
    });
    await h.control.putSnapshot(p.playerId, 'autosave', { lastModifiedMillis: 1_767_312_000_000 });
    const res = await get('/v1/me/saved-games', p.accessToken);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items.map((s: { uniqueName: string }) => s.uniqueName)).toEqual(['autosave', 'slot-1']);
    expect(items[1]).toEqual({
      id: older.snapshotId,
      uniqueName: 'slot-1',
      title: 'Castle, floor 3',
      description: 'Before the dragon',
      durationMillis: 3_600_000,
      lastModifiedMillis: 1_767_225_600_000,
      progressValue: 42,
      driveId: older.driveId,
      coverImage: { url: 'https://example.com/cover.png', width: 640, height: 360, mimeType: 'image/png' },
    });
  });

  it('answers Google failing with GOOGLE_UNAVAILABLE, a dead grant with REAUTH_REQUIRED, no session with 401', async () => {
    const p = await signInNewPlayer(h);
    await h.control.addFault({ path: '/games/v1/stats', status: 503, times: 20 });
    const failing = await get('/v1/me/stats', p.accessToken);
    expect({ status: failing.statusCode, code: failing.json().error.code }).toEqual({ status: 503, code: 'GOOGLE_UNAVAILABLE' });
    await h.control.clearFaults();
    await h.control.revokeGrants(p.playerId);
    const dead = await get('/v1/me/saved-games', p.accessToken);
    expect({ status: dead.statusCode, code: dead.json().error.code }).toEqual({ status: 401, code: 'REAUTH_REQUIRED' });
    expect((await h.app.inject({ method: 'GET', url: '/v1/me/stats' })).statusCode).toBe(401);
  });
});
