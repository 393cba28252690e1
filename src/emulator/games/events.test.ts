import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, EV, TESTER, api, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ now: () => NOW });
});

/** A fixed wall clock, so periods can be written against it. */
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let regular: string;
let tester: string;
beforeEach(async () => {
  emulator.state.reset();
  regular = (await signIn(emulator.app)).access_token;
  tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
});

const get = (url: string, token: string) => api(emulator.app, 'GET', url, token);
const record = (token: string, body: unknown) => api(emulator.app, 'POST', '/games/v1/events', token, body);

/** One period ending now, with these updates. */
function period(updates: Array<[string, number | string]>, start = NOW - MINUTE, end = NOW) {
  return {
    kind: 'games#eventPeriodUpdate',
    timePeriod: { kind: 'games#eventPeriodRange', periodStartMillis: String(start), periodEndMillis: String(end) },
    updates: updates.map(([definitionId, updateCount]) => ({ kind: 'games#eventUpdateRequest', definitionId, updateCount: String(updateCount) })),
  };
}

const countsOf = async (playerId: string): Promise<Record<string, number>> =>
  Object.fromEntries(
    ((await groundTruth(emulator.app, playerId)).events[DEMO_APP.applicationId] as Array<{ eventId: string; count: number }>).map((e) => [e.eventId, e.count]),
  );

describe('events.listDefinitions', () => {
  it('lists the published events with Google’s shape; drafts only for testers', async () => {
    const reply = await get('/games/v1/eventDefinitions', regular);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#eventDefinitionListResponse');
    expect(reply.body.items.map((e: { id: string }) => e.id)).toEqual([EV.dragons.id, EV.coins.id, EV.secret.id]);
    expect(reply.body.items[0]).toEqual({
      kind: 'games#eventDefinition',
      id: EV.dragons.id,
      displayName: 'Dragons slain',
      description: 'Each dragon the player defeats.',
      imageUrl: EV.dragons.imageUrl,
      isDefaultImageUrl: false,
      visibility: 'REVEALED',
    });
    expect(reply.body.items[2]).toMatchObject({ id: EV.secret.id, visibility: 'HIDDEN', isDefaultImageUrl: true });
    const asTester = await get('/games/v1/eventDefinitions', tester);
    expect(asTester.body.items.map((e: { id: string }) => e.id)).toContain(EV.draft.id);
  });

  it('pages with maxResults and pageToken', async () => {
    const first = await get('/games/v1/eventDefinitions?maxResults=2', regular);
    expect(first.body.items).toHaveLength(2);
    const second = await get(`/games/v1/eventDefinitions?maxResults=2&pageToken=${first.body.nextPageToken}`, regular);
    expect(second.body.items.map((e: { id: string }) => e.id)).toEqual([EV.secret.id]);
    expect(second.body.nextPageToken).toBeUndefined();
  });
});

describe('events.record', () => {
  it('adds counts and answers the player’s counts as int64 strings', async () => {
    const reply = await record(regular, {
      kind: 'games#eventRecordRequest',
      currentTimeMillis: String(NOW),
      requestId: '8123456789012345678',
      timePeriods: [period([[EV.dragons.id, 3], [EV.coins.id, 50]]), period([[EV.dragons.id, 2]], NOW - 3 * MINUTE, NOW - 2 * MINUTE)],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#eventUpdateResponse',
      playerEvents: [
        { kind: 'games#playerEvent', definitionId: EV.dragons.id, playerId: expect.any(String), numEvents: '5', formattedNumEvents: '5' },
        { kind: 'games#playerEvent', definitionId: EV.coins.id, playerId: expect.any(String), numEvents: '50', formattedNumEvents: '50' },
      ],
    });
    const truth = await countsOf('g07146298418226683211');
    expect(truth).toEqual({ [EV.dragons.id]: 5, [EV.coins.id]: 50, [EV.secret.id]: 0, [EV.draft.id]: 0 });
  });

  it('records a requestId once: a retry answers ALREADY_UPDATED inside a 200 and counts nothing', async () => {
    const body = { currentTimeMillis: String(NOW), requestId: '42', timePeriods: [period([[EV.dragons.id, 4]])] };
    expect((await record(regular, body)).status).toBe(200);
    const retry = await record(regular, body);
    expect(retry.status).toBe(200);
    expect(retry.body.batchFailures).toEqual([{ kind: 'games#eventBatchRecordFailure', failureCause: 'ALREADY_UPDATED' }]);
    expect(retry.body.playerEvents).toEqual([expect.objectContaining({ definitionId: EV.dragons.id, numEvents: '4' })]);
    expect((await countsOf('g07146298418226683211'))[EV.dragons.id]).toBe(4);
    // Another player's requestId space is their own.
    const other = await record(tester, body);
    expect(other.body.batchFailures).toBeUndefined();
  });

  it('refuses a period too long, too short or too old, and records the others', async () => {
    const reply = await record(regular, {
      currentTimeMillis: String(NOW),
      timePeriods: [
        period([[EV.dragons.id, 1]], NOW - 2 * DAY, NOW),
        period([[EV.dragons.id, 1]], NOW, NOW),
        period([[EV.dragons.id, 1]], NOW - 8 * DAY - MINUTE, NOW - 8 * DAY),
        period([[EV.coins.id, 7]]),
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.batchFailures.map((f: { failureCause: string }) => f.failureCause)).toEqual(['TIME_PERIOD_LONG', 'TIME_PERIOD_SHORT', 'TIME_PERIOD_EXPIRED']);
    expect(reply.body.batchFailures[1].range).toEqual({ kind: 'games#eventPeriodRange', periodStartMillis: String(NOW), periodEndMillis: String(NOW) });
    expect(await countsOf('g07146298418226683211')).toMatchObject({ [EV.dragons.id]: 0, [EV.coins.id]: 7 });
  });

  it('reads the periods on the sender’s clock (currentTimeMillis)', async () => {
    // A sender whose clock is ten days behind: its "now" period is ours.
    const behind = NOW - 10 * DAY;
    const reply = await record(regular, { currentTimeMillis: String(behind), timePeriods: [period([[EV.dragons.id, 2]], behind - MINUTE, behind)] });
    expect(reply.body.batchFailures).toBeUndefined();
    expect((await countsOf('g07146298418226683211'))[EV.dragons.id]).toBe(2);
  });

  it('fails one event for an unknown or draft ID, or a count below 1, and records the rest', async () => {
    const reply = await record(regular, {
      currentTimeMillis: String(NOW),
      timePeriods: [period([[EV.dragons.id, 1], ['CgkIunknown', 1], [EV.draft.id, 1], [EV.coins.id, 0], [EV.coins.id, -3]])],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.eventFailures).toEqual([
      { kind: 'games#eventRecordFailure', eventId: 'CgkIunknown', failureCause: 'NOT_FOUND' },
      { kind: 'games#eventRecordFailure', eventId: EV.draft.id, failureCause: 'NOT_FOUND' },
      { kind: 'games#eventRecordFailure', eventId: EV.coins.id, failureCause: 'INVALID_UPDATE_VALUE' },
      { kind: 'games#eventRecordFailure', eventId: EV.coins.id, failureCause: 'INVALID_UPDATE_VALUE' },
    ]);
    expect(reply.body.playerEvents.map((e: { definitionId: string }) => e.definitionId)).toEqual([EV.dragons.id, EV.coins.id]);
    expect(await countsOf('g07146298418226683211')).toMatchObject({ [EV.dragons.id]: 1, [EV.coins.id]: 0, [EV.draft.id]: 0 });
    // A tester records the draft.
    await record(tester, { currentTimeMillis: String(NOW), timePeriods: [period([[EV.draft.id, 2]])] });
    expect((await countsOf(TESTER.playerId))[EV.draft.id]).toBe(2);
  });

  it('refuses more than 100 updates as TOO_LARGE, recording nothing, and the requestId stays free', async () => {
    const updates: Array<[string, number]> = Array.from({ length: 101 }, () => [EV.dragons.id, 1]);
    const body = { currentTimeMillis: String(NOW), requestId: '7', timePeriods: [period(updates)] };
    const reply = await record(regular, body);
    expect(reply.body.batchFailures).toEqual([{ kind: 'games#eventBatchRecordFailure', failureCause: 'TOO_LARGE' }]);
    expect((await countsOf('g07146298418226683211'))[EV.dragons.id]).toBe(0);
    const smaller = await record(regular, { ...body, timePeriods: [period(updates.slice(1))] });
    expect(smaller.body.batchFailures).toBeUndefined();
    expect((await countsOf('g07146298418226683211'))[EV.dragons.id]).toBe(100);
  });

  it('takes proto field names and numbers, and refuses an unknown field or a malformed int64 with a 400', async () => {
    const proto = await record(regular, {
      current_time_millis: NOW,
      request_id: 9,
      time_periods: [{ time_period: { period_start_millis: NOW - MINUTE, period_end_millis: NOW }, updates: [{ definition_id: EV.coins.id, update_count: 3 }] }],
    });
    expect(proto.status).toBe(200);
    expect(proto.body.playerEvents[0].numEvents).toBe('3');
    const unknown = await record(regular, { timePeriods: [{ ...period([[EV.coins.id, 1]]), update: [] }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('Unknown name "update"');
    const malformed = await record(regular, { currentTimeMillis: String(NOW), timePeriods: [period([[EV.coins.id, 'lots']])] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.errors[0].reason).toBe('invalid');
    expect((await countsOf('g07146298418226683211'))[EV.coins.id]).toBe(3);
  });
});

describe('events.listByPlayer', () => {
  it('lists the caller’s count of every event they can see', async () => {
    await record(regular, { currentTimeMillis: String(NOW), timePeriods: [period([[EV.secret.id, 1]])] });
    const reply = await get('/games/v1/events', regular);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#playerEventListResponse');
    expect(reply.body.items.map((e: { definitionId: string; numEvents: string }) => [e.definitionId, e.numEvents])).toEqual([
      [EV.dragons.id, '0'],
      [EV.coins.id, '0'],
      [EV.secret.id, '1'],
    ]);
    expect(reply.body.items[0].playerId).toBe('g07146298418226683211');
    expect((await get('/games/v1/events', tester)).body.items).toHaveLength(4);
  });
});
