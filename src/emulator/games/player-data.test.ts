import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, REGULAR, TESTER, api, call, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let regular: string;
beforeEach(async () => {
  emulator.state.reset();
  regular = (await signIn(emulator.app)).access_token;
});

const get = (url: string, token = regular) => api(emulator.app, 'GET', url, token);

describe('stats.get', () => {
  it('answers only its kind until the control API sets values', async () => {
    expect((await get('/games/v1/stats')).body).toEqual({ kind: 'games#statsResponse' });
  });

  it('answers the values set for the player in the token’s game, as JSON numbers', async () => {
    const set = await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/stats`, { num_sessions: 12, churn_probability: 0.25, days_since_last_played: 3 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ applicationId: DEMO_APP.applicationId, num_sessions: 12, churn_probability: 0.25, days_since_last_played: 3 });
    await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/stats`, { applicationId: OTHER_APP.applicationId, num_purchases: 9 });
    expect((await get('/games/v1/stats')).body).toEqual({ kind: 'games#statsResponse', num_sessions: 12, churn_probability: 0.25, days_since_last_played: 3 });
    expect((await groundTruth(emulator.app, REGULAR.playerId)).stats).toEqual({
      [DEMO_APP.applicationId]: { num_sessions: 12, churn_probability: 0.25, days_since_last_played: 3 },
      [OTHER_APP.applicationId]: { num_purchases: 9 },
    });
  });

  it('refuses an unknown field, a negative count or an unknown application, changing nothing', async () => {
    for (const body of [{ numSessions: 1 }, { num_sessions: -1 }, { num_sessions: 1.5 }, { applicationId: '1', num_sessions: 1 }]) {
      const reply = await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/stats`, body);
      expect(reply.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
    }
    expect((await call(emulator.app, 'PUT', '/emulator/v1/players/gnobody/stats', { num_sessions: 1 })).status).toBe(404);
    expect((await get('/games/v1/stats')).body).toEqual({ kind: 'games#statsResponse' });
  });
});

describe('snapshots.get and snapshots.list', () => {
  it('list the caller’s saves, most recent first, with Google’s shape and int64 strings', async () => {
    const put = await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/slot-1`, {
      title: 'Castle, floor 3',
      description: 'Before the dragon',
      durationMillis: 3_600_000,
      progressValue: 42,
      lastModifiedMillis: 1_767_225_600_000,
      coverImage: { url: 'https://example.com/cover.png', width: 640, height: 360, mimeType: 'image/png' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ uniqueName: 'slot-1', applicationId: DEMO_APP.applicationId, durationMillis: 3_600_000, progressValue: 42 });
    await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/slot-2`, { lastModifiedMillis: 1_767_312_000_000 });

    const list = await get(`/games/v1/players/me/snapshots`);
    expect(list.status).toBe(200);
    expect(list.body.kind).toBe('games#snapshotListResponse');
    expect(list.body.items.map((s: { uniqueName: string }) => s.uniqueName)).toEqual(['slot-2', 'slot-1']);
    expect(list.body.items[1]).toEqual({
      kind: 'games#snapshot',
      id: put.body.snapshotId,
      uniqueName: 'slot-1',
      title: 'Castle, floor 3',
      description: 'Before the dragon',
      type: 'SAVE_GAME',
      driveId: put.body.driveId,
      durationMillis: '3600000',
      lastModifiedMillis: '1767225600000',
      progressValue: '42',
      coverImage: { kind: 'games#snapshotImage', url: 'https://example.com/cover.png', width: 640, height: 360, mime_type: 'image/png' },
    });
    const one = await get(`/games/v1/snapshots/${put.body.snapshotId}`);
    expect(one.body).toEqual(list.body.items[1]);
    expect((await get(`/games/v1/players/${REGULAR.playerId}/snapshots?maxResults=1`)).body.nextPageToken).toEqual(expect.any(String));
  });

  it('a PUT with the same name replaces the save and keeps its ID', async () => {
    const first = await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/slot-1`, { progressValue: 1 });
    const second = await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/slot-1`, { progressValue: 2 });
    expect(second.body.snapshotId).toBe(first.body.snapshotId);
    const items = (await get('/games/v1/players/me/snapshots')).body.items;
    expect(items.map((s: { progressValue: string }) => s.progressValue)).toEqual(['2']);
  });

  it('another player’s save is a 404, their list a 403; another game’s saves are not listed', async () => {
    const theirs = await call(emulator.app, 'PUT', `/emulator/v1/players/${TESTER.playerId}/snapshots/slot-1`, {});
    await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/other`, { applicationId: OTHER_APP.applicationId });
    expect((await get(`/games/v1/snapshots/${theirs.body.snapshotId}`)).status).toBe(404);
    const forbidden = await get(`/games/v1/players/${TESTER.playerId}/snapshots`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.errors[0].reason).toBe('forbidden');
    expect((await get('/games/v1/players/me/snapshots')).body.items).toEqual([]);
    expect((await call(emulator.app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/bad%20name`, {})).status).toBe(400);
  });
});

describe('revisions.check and applications.played', () => {
  it('revisions.check answers OK for the three platforms, INVALID for another, 400 for a malformed value', async () => {
    expect((await get('/games/v1/revisions/check?clientRevision=ANDROID:2.0.1')).body).toEqual({ kind: 'games#revisionCheckResponse', apiVersion: 'v1', revisionStatus: 'OK' });
    expect((await get('/games/v1/revisions/check?clientRevision=CONSOLE:1')).body.revisionStatus).toBe('INVALID');
    const malformed = await get('/games/v1/revisions/check?clientRevision=android');
    expect(malformed.status).toBe(400);
    expect((await get('/games/v1/revisions/check')).status).toBe(400);
  });

  it('applications.played answers 204 and the ground truth shows when', async () => {
    expect((await groundTruth(emulator.app, REGULAR.playerId)).lastPlayed).toEqual({});
    const reply = await api(emulator.app, 'POST', '/games/v1/applications/played', regular);
    expect(reply.status).toBe(204);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).lastPlayed[DEMO_APP.applicationId]).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });
});
