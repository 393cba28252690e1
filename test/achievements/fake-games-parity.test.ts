/**
 * The backend's fake Games client (`src/backend/test-support/fake-achievement-games.ts`) and the
 * emulator answer the same achievement writes the same way. The fake takes its rules from the
 * emulator's pure functions (`src/emulator/achievement-logic.ts`); this runs one sequence through
 * both, so that a fake drifting from the emulator (the two once disagreed on what a replayed
 * requestId answers) fails here rather than in backend tests that trust it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { definition, FakeAchievementGames } from '../../src/backend/test-support/fake-achievement-games.js';
import type { Emulator } from '../../src/emulator/create-emulator.js';
import { ACH, api, signIn, startEmulator } from '../../src/emulator/test-support/harness.js';
import type { AchievementUpdateRequest } from '../../src/google/wire/achievements.js';

type Write =
  | { op: 'unlock' | 'reveal'; id: string }
  | { op: 'increment'; id: string; steps: number; requestId?: string }
  | { op: 'setStepsAtLeast'; id: string; steps: number }
  | { op: 'updateMultiple'; updates: AchievementUpdateRequest[] };

const inc = (id: string, steps: number, requestId?: string): AchievementUpdateRequest => ({
  achievementId: id,
  updateType: 'INCREMENT',
  incrementPayload: { steps, ...(requestId === undefined ? {} : { requestId }) },
});

const SEQUENCE: Write[] = [
  { op: 'increment', id: ACH.incremental.id, steps: 3, requestId: '11' },
  { op: 'increment', id: ACH.incremental.id, steps: 3, requestId: '11' },
  { op: 'increment', id: ACH.incremental.id, steps: 2 },
  // Unlocks; its replays, single and in a batch, answer that first outcome (newlyUnlocked: true).
  { op: 'increment', id: ACH.incremental.id, steps: 9, requestId: '12' },
  { op: 'increment', id: ACH.incremental.id, steps: 9, requestId: '12' },
  { op: 'updateMultiple', updates: [inc(ACH.incremental.id, 9, '12')] },
  { op: 'increment', id: ACH.incremental.id, steps: 1 },
  // A hidden incremental stays hidden until it unlocks; a requestId repeated within one batch.
  { op: 'updateMultiple', updates: [inc(ACH.hiddenIncremental.id, 2, '13'), inc(ACH.hiddenIncremental.id, 2, '13')] },
  { op: 'setStepsAtLeast', id: ACH.hiddenIncremental.id, steps: 1 },
  { op: 'setStepsAtLeast', id: ACH.hiddenIncremental.id, steps: 50 },
  { op: 'reveal', id: ACH.hidden.id },
  { op: 'unlock', id: ACH.hidden.id },
  { op: 'unlock', id: ACH.hidden.id },
  { op: 'reveal', id: ACH.hidden.id },
  {
    op: 'updateMultiple',
    updates: [
      { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
      { achievementId: ACH.standard2.id, updateType: 'REVEAL' },
      { achievementId: ACH.bigIncremental.id, updateType: 'SET_STEPS_AT_LEAST', setStepsAtLeastPayload: { steps: 400 } },
      inc(ACH.bigIncremental.id, 700, '14'),
      { achievementId: ACH.bigIncremental.id, updateType: 'UNLOCK' },
    ],
  },
];

const PUBLISHED = [ACH.standard, ACH.standard2, ACH.incremental, ACH.hidden, ACH.bigIncremental, ACH.hiddenIncremental];

let emulator: Emulator;
let token: string;
beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator.app)).access_token;
});

async function viaEmulator(write: Write): Promise<unknown> {
  const path = '/games/v1/achievements';
  const reply =
    write.op === 'updateMultiple'
      ? await api(emulator.app, 'POST', `${path}/updateMultiple`, token, { updates: write.updates })
      : write.op === 'increment'
        ? await api(emulator.app, 'POST', `${path}/${write.id}/increment?stepsToIncrement=${write.steps}${write.requestId ? `&requestId=${write.requestId}` : ''}`, token)
        : write.op === 'setStepsAtLeast'
          ? await api(emulator.app, 'POST', `${path}/${write.id}/setStepsAtLeast?steps=${write.steps}`, token)
          : await api(emulator.app, 'POST', `${path}/${write.id}/${write.op}`, token);
  expect(reply.status).toBe(200);
  return reply.body;
}

function viaFake(fake: FakeAchievementGames, write: Write): Promise<unknown> {
  switch (write.op) {
    case 'unlock':
      return fake.unlock('t', write.id);
    case 'reveal':
      return fake.reveal('t', write.id);
    case 'increment':
      return fake.increment('t', write.id, write.steps, write.requestId);
    case 'setStepsAtLeast':
      return fake.setStepsAtLeast('t', write.id, write.steps);
    case 'updateMultiple':
      return fake.updateMultiple('t', write.updates);
  }
}

describe('the fake Games client answers writes as the emulator does', () => {
  it('answers each write of one sequence alike, and ends in the same progress', async () => {
    const fake = new FakeAchievementGames(
      PUBLISHED.map((a) =>
        definition(a.id, { type: a.achievementType, initialState: a.initialState, ...(a.totalSteps === undefined ? {} : { totalSteps: a.totalSteps }) }),
      ),
    );
    fake.tokens.set('t', 'player');
    for (const [i, write] of SEQUENCE.entries()) {
      expect(await viaFake(fake, write), `write ${i}: ${JSON.stringify(write)}`).toEqual(await viaEmulator(write));
    }
    const progress = (items: Array<{ id: string; achievementState: string; currentSteps?: number }>) =>
      items.map(({ id, achievementState, currentSteps }) => ({ id, achievementState, currentSteps }));
    const listed = await api(emulator.app, 'GET', '/games/v1/players/me/achievements', token);
    expect(progress(await fake.listAllPlayerAchievements('t'))).toEqual(progress(listed.body.items));
  });
});
