/**
 * googleapis `games.events`, `games.stats`, `games.snapshots`, `games.revisions`,
 * `games.applications.played` and `gamesManagement.events` against the emulator: Google's shapes
 * and `kind`s, int64 strings, `events.record` periods with its failures inside a 200
 * (`requestId` dedupe answering ALREADY_UPDATED), drafts for testers only, the tester and
 * developer reset rules. Stats and saved games are seeded through the control API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ControlEvent, ControlPlayer } from '../../src/emulator/index.js';
import { expectGoogleError, signIn, startEmulator } from './harness.js';
import type { Emulator, SignedIn } from './harness.js';

let emulator: Emulator;
/** The demo seed's events: three published, one draft. */
let events: { published: ControlEvent[]; draft: ControlEvent };

beforeAll(async () => {
  emulator = await startEmulator();
  const all = emulator.apps[0]!.events;
  const draft = all.find((e) => !e.published);
  const published = all.filter((e) => e.published);
  if (!draft || published.length < 3) throw new Error(`demo seed lacks the events the contract promises: ${JSON.stringify(all)}`);
  events = { published, draft };
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await emulator.control.reset();
});

async function player(input: Parameters<typeof emulator.control.createPlayer>[0] = {}): Promise<SignedIn> {
  return signIn(emulator, await emulator.control.createPlayer(input));
}

async function counts(who: ControlPlayer): Promise<Record<string, number>> {
  const truth = await emulator.control.player(who.playerId);
  return Object.fromEntries(truth.events[emulator.apps[0]!.applicationId]!.map((e) => [e.eventId, e.count]));
}

/** An `EventRecordRequest` with one period ending now. */
function recordBody(updates: Array<[string, number]>, requestId?: string) {
  const now = Date.now();
  return {
    kind: 'games#eventRecordRequest',
    currentTimeMillis: String(now),
    ...(requestId === undefined ? {} : { requestId }),
    timePeriods: [
      {
        kind: 'games#eventPeriodUpdate',
        timePeriod: { kind: 'games#eventPeriodRange', periodStartMillis: String(now - 60_000), periodEndMillis: String(now) },
        updates: updates.map(([definitionId, count]) => ({ kind: 'games#eventUpdateRequest', definitionId, updateCount: String(count) })),
      },
    ],
  };
}

describe('events', () => {
  it('listDefinitions lists the published events; a tester sees the draft too', async () => {
    const { games } = await player();
    const { data, status } = await games.events.listDefinitions({});
    expect(status).toBe(200);
    expect(data.kind).toBe('games#eventDefinitionListResponse');
    expect(data.items!.map((e) => e.id)).toEqual(events.published.map((e) => e.id));
    for (const definition of data.items!) {
      expect(definition).toMatchObject({ kind: 'games#eventDefinition', displayName: expect.any(String), isDefaultImageUrl: expect.any(Boolean), visibility: expect.stringMatching(/^(REVEALED|HIDDEN)$/) });
    }
    const page = await games.events.listDefinitions({ maxResults: 1 });
    expect(page.data.items).toHaveLength(1);
    expect((await games.events.listDefinitions({ maxResults: 1, pageToken: page.data.nextPageToken! })).data.items![0]!.id).toBe(events.published[1]!.id);
    const tester = await player({ tester: true });
    expect((await tester.games.events.listDefinitions({})).data.items!.map((e) => e.id)).toContain(events.draft.id);
  });

  it('record adds counts; listByPlayer shows them as int64 strings; a requestId is applied once', async () => {
    const session = await player();
    const [first, second] = events.published;
    const body = recordBody([[first!.id, 3], [second!.id, 1]], '1234567890123');
    const { data, status } = await session.games.events.record({ requestBody: body });
    expect(status).toBe(200);
    expect(data.kind).toBe('games#eventUpdateResponse');
    expect(data.playerEvents!.map((e) => [e.definitionId, e.numEvents])).toEqual([[first!.id, '3'], [second!.id, '1']]);
    expect(data.batchFailures).toBeUndefined();

    const retry = await session.games.events.record({ requestBody: body });
    expect(retry.status).toBe(200);
    expect(retry.data.batchFailures).toEqual([{ kind: 'games#eventBatchRecordFailure', failureCause: 'ALREADY_UPDATED' }]);
    expect((await counts(session.player))[first!.id]).toBe(3);

    const listed = await session.games.events.listByPlayer({});
    expect(listed.data.kind).toBe('games#playerEventListResponse');
    expect(listed.data.items!.find((e) => e.definitionId === first!.id)).toEqual({
      kind: 'games#playerEvent',
      definitionId: first!.id,
      playerId: session.player.playerId,
      numEvents: '3',
      formattedNumEvents: '3',
    });
  });

  it('record answers its failures inside a 200: unknown and draft events, bad counts, expired periods', async () => {
    const session = await player();
    const [first] = events.published;
    const body = recordBody([[first!.id, 2], ['CgkIunknownEvent', 1], [events.draft.id, 1], [first!.id, 0]]);
    const old = Date.now() - 30 * 24 * 3_600_000;
    body.timePeriods.push({ ...body.timePeriods[0]!, timePeriod: { kind: 'games#eventPeriodRange', periodStartMillis: String(old - 1000), periodEndMillis: String(old) } });
    const { data, status } = await session.games.events.record({ requestBody: body });
    expect(status).toBe(200);
    expect(data.eventFailures!.map((f) => [f.eventId, f.failureCause])).toEqual([
      ['CgkIunknownEvent', 'NOT_FOUND'],
      [events.draft.id, 'NOT_FOUND'],
      [first!.id, 'INVALID_UPDATE_VALUE'],
    ]);
    expect(data.batchFailures!.map((f) => f.failureCause)).toEqual(['TIME_PERIOD_EXPIRED']);
    expect(data.batchFailures![0]!.range).toMatchObject({ periodEndMillis: String(old) });
    expect((await counts(session.player))[first!.id]).toBe(2);
  });

  it('gamesManagement.events: a tester resets their own counts; only developers reset drafts for everyone', async () => {
    const tester = await player({ tester: true });
    const developer = await player({ developer: true, tester: true });
    const regular = await player();
    const [first] = events.published;
    await tester.games.events.record({ requestBody: recordBody([[first!.id, 5], [events.draft.id, 2]]) });
    await developer.games.events.record({ requestBody: recordBody([[events.draft.id, 4]]) });
    await regular.games.events.record({ requestBody: recordBody([[first!.id, 1]]) });

    expect((await tester.management.events.reset({ eventId: first!.id })).status).toBe(204);
    expect(await counts(tester.player)).toMatchObject({ [first!.id]: 0, [events.draft.id]: 2 });
    await expectGoogleError(regular.management.events.reset({ eventId: first!.id }), 403, 'forbidden');
    await expectGoogleError(regular.management.events.resetAll({}), 403, 'forbidden');
    expect((await tester.management.events.resetAll({})).status).toBe(204);
    expect((await counts(tester.player))[events.draft.id]).toBe(0);

    await expectGoogleError(tester.management.events.resetForAllPlayers({ eventId: events.draft.id }), 403, 'forbidden');
    await expectGoogleError(developer.management.events.resetForAllPlayers({ eventId: first!.id }), 400, 'invalid', 'FAILED_PRECONDITION');
    await expectGoogleError(
      developer.management.events.resetMultipleForAllPlayers({ requestBody: { event_ids: [events.draft.id, first!.id] } }),
      400,
      'invalid',
      'FAILED_PRECONDITION',
    );
    expect((await counts(developer.player))[events.draft.id]).toBe(4);
    expect((await developer.management.events.resetMultipleForAllPlayers({ requestBody: { kind: 'gamesManagement#eventsResetMultipleForAllRequest', event_ids: [events.draft.id] } })).status).toBe(204);
    expect((await counts(developer.player))[events.draft.id]).toBe(0);
    await developer.games.events.record({ requestBody: recordBody([[events.draft.id, 1]]) });
    expect((await developer.management.events.resetForAllPlayers({ eventId: events.draft.id })).status).toBe(204);
    await developer.games.events.record({ requestBody: recordBody([[events.draft.id, 1]]) });
    expect((await developer.management.events.resetAllForAllPlayers({})).status).toBe(204);
    expect(await counts(developer.player)).toMatchObject({ [events.draft.id]: 0 });
    expect((await counts(regular.player))[first!.id]).toBe(1);
  });
});

describe('stats, snapshots, revisions and applications.played', () => {
  it('stats.get answers what the control API set, in Google’s snake_case names', async () => {
    const session = await player();
    expect((await session.games.stats.get({})).data).toEqual({ kind: 'games#statsResponse' });
    await emulator.control.setStats(session.player.playerId, { num_sessions: 7, churn_probability: 0.1, total_spend_next_28_days: 4.99 });
    const { data } = await session.games.stats.get({});
    expect(data).toEqual({ kind: 'games#statsResponse', num_sessions: 7, churn_probability: 0.1, total_spend_next_28_days: 4.99 });
  });

  it('snapshots.list and snapshots.get serve saved-game metadata', async () => {
    const session = await player();
    const save = await emulator.control.putSnapshot(session.player.playerId, 'autosave', { title: 'Autosave', durationMillis: 90_000, progressValue: 12 });
    const list = await session.games.snapshots.list({ playerId: 'me' });
    expect(list.data.kind).toBe('games#snapshotListResponse');
    expect(list.data.items).toEqual([
      expect.objectContaining({ kind: 'games#snapshot', id: save.snapshotId, uniqueName: 'autosave', title: 'Autosave', type: 'SAVE_GAME', durationMillis: '90000', progressValue: '12' }),
    ]);
    const one = await session.games.snapshots.get({ snapshotId: save.snapshotId });
    expect(one.data).toEqual(list.data.items![0]);
    await expectGoogleError(session.games.snapshots.get({ snapshotId: 'unknown' }), 404, 'notFound');
    const other = await player();
    await expectGoogleError(other.games.snapshots.list({ playerId: session.player.playerId }), 403, 'forbidden');
  });

  it('revisions.check and applications.played', async () => {
    const session = await player();
    expect((await session.games.revisions.check({ clientRevision: 'ANDROID:21.0.0' })).data).toEqual({ kind: 'games#revisionCheckResponse', apiVersion: 'v1', revisionStatus: 'OK' });
    await expectGoogleError(session.games.revisions.check({ clientRevision: 'android' }), 400, 'invalid');
    expect((await session.games.applications.played({})).status).toBe(204);
    const truth = await emulator.control.player(session.player.playerId);
    expect(truth.lastPlayed[emulator.apps[0]!.applicationId]).toEqual(expect.any(String));
  });
});
