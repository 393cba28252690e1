import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, DEVELOPER, EV, REGULAR, TESTER, api, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let regular: string;
let tester: string;
let developer: string;
beforeEach(async () => {
  emulator.state.reset();
  regular = (await signIn(emulator.app)).access_token;
  tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
  developer = (await signIn(emulator.app, { playerId: DEVELOPER.playerId })).access_token;
});

const post = (url: string, token: string, body?: unknown) => api(emulator.app, 'POST', url, token, body);
const mgmt = (path: string) => `/games/v1management/${path}`;

/** Each demo player records one of every event they can see (drafts: testers and developers). */
async function recordAll(): Promise<void> {
  const now = Date.now();
  for (const [token, ids] of [
    [regular, [EV.dragons.id, EV.coins.id]],
    [tester, [EV.dragons.id, EV.draft.id]],
    [developer, [EV.dragons.id, EV.draft.id]],
  ] as const) {
    const updates = ids.map((definitionId) => ({ definitionId, updateCount: '1' }));
    const reply = await post('/games/v1/events', token, { currentTimeMillis: String(now), timePeriods: [{ timePeriod: { periodStartMillis: String(now - 1000), periodEndMillis: String(now) }, updates }] });
    expect(reply.body.eventFailures).toBeUndefined();
  }
}

async function countOf(playerId: string, eventId: string): Promise<number> {
  const events = (await groundTruth(emulator.app, playerId)).events[DEMO_APP.applicationId] as Array<{ eventId: string; count: number }>;
  return events.find((e) => e.eventId === eventId)!.count;
}

describe('events.reset and resetAll (tester, own counts)', () => {
  it('resets one event of a tester, published ones too, and answers 204', async () => {
    await recordAll();
    const reply = await post(mgmt(`events/${EV.dragons.id}/reset`), tester);
    expect(reply.status).toBe(204);
    expect(reply.raw).toBe('');
    expect(await countOf(TESTER.playerId, EV.dragons.id)).toBe(0);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(1);
    expect(await countOf(REGULAR.playerId, EV.dragons.id)).toBe(1);
  });

  it('resetAll resets every event of the tester', async () => {
    await recordAll();
    expect((await post(mgmt('events/reset'), tester)).status).toBe(204);
    expect(await countOf(TESTER.playerId, EV.dragons.id)).toBe(0);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(0);
    expect(await countOf(DEVELOPER.playerId, EV.draft.id)).toBe(1);
  });

  it('refuses players who are not testers (403 forbidden) and unknown events (404)', async () => {
    await recordAll();
    const refused = await post(mgmt(`events/${EV.dragons.id}/reset`), regular);
    expect(refused.status).toBe(403);
    expect(refused.body.error.errors[0].reason).toBe('forbidden');
    expect((await post(mgmt('events/reset'), regular)).status).toBe(403);
    expect(await countOf(REGULAR.playerId, EV.dragons.id)).toBe(1);
    const unknown = await post(mgmt('events/CgkIunknown/reset'), tester);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.errors[0].reason).toBe('notFound');
  });
});

describe('the …ForAllPlayers resets (developer accounts, drafts only)', () => {
  it('resetForAllPlayers resets a draft for everyone; a published event is 400 FAILED_PRECONDITION', async () => {
    await recordAll();
    expect((await post(mgmt(`events/${EV.draft.id}/resetForAllPlayers`), developer)).status).toBe(204);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(0);
    expect(await countOf(DEVELOPER.playerId, EV.draft.id)).toBe(0);
    const published = await post(mgmt(`events/${EV.dragons.id}/resetForAllPlayers`), developer);
    expect(published.status).toBe(400);
    expect(published.body.error.status).toBe('FAILED_PRECONDITION');
    expect(await countOf(REGULAR.playerId, EV.dragons.id)).toBe(1);
  });

  it('refuses a tester who is no developer account (403)', async () => {
    await recordAll();
    const reply = await post(mgmt(`events/${EV.draft.id}/resetForAllPlayers`), tester);
    expect(reply.status).toBe(403);
    expect((await post(mgmt('events/resetAllForAllPlayers'), tester)).status).toBe(403);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(1);
  });

  it('resetAllForAllPlayers resets the drafts only', async () => {
    await recordAll();
    expect((await post(mgmt('events/resetAllForAllPlayers'), developer)).status).toBe(204);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(0);
    expect(await countOf(TESTER.playerId, EV.dragons.id)).toBe(1);
  });

  it('resetMultipleForAllPlayers checks every ID first: one published ID resets nothing', async () => {
    await recordAll();
    const refused = await post(mgmt('events/resetMultipleForAllPlayers'), developer, { kind: 'gamesManagement#eventsResetMultipleForAllRequest', event_ids: [EV.draft.id, EV.dragons.id] });
    expect(refused.status).toBe(400);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(1);
    const done = await post(mgmt('events/resetMultipleForAllPlayers'), developer, { eventIds: [EV.draft.id] });
    expect(done.status).toBe(204);
    expect(await countOf(TESTER.playerId, EV.draft.id)).toBe(0);
  });
});
