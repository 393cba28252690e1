/**
 * googleapis `gamesManagement.achievements` against the emulator (docs/google/management-api.md;
 * the emulator's choices: docs/google/emulator-choices.md, 'Management resets'):
 * a tester's own resets, and the developer-only, draft-only `…ForAllPlayers` resets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievements, expectGoogleError, signIn, startEmulator } from './harness.js';
import type { ControlPlayer } from '../../src/emulator/index.js';
import type { DemoAchievements, Emulator, SignedIn } from './harness.js';

let emulator: Emulator;
let seed: DemoAchievements;
beforeAll(async () => {
  emulator = await startEmulator();
  seed = demoAchievements(emulator.apps[0]!);
});
afterAll(async () => {
  await emulator.close();
});

async function stateOf(player: ControlPlayer, achievementId: string): Promise<{ achievementState: string; currentSteps?: number } | undefined> {
  const truth = await emulator.control.player(player.playerId);
  return truth.achievements[emulator.apps[0]!.applicationId]?.find((a) => a.id === achievementId);
}

/** Brings `id` to UNLOCKED for the signed-in player, whatever its type. */
async function unlock(session: SignedIn, id: string): Promise<void> {
  const def = seed.all.find((a) => a.id === id)!;
  if (def.achievementType === 'STANDARD') await session.games.achievements.unlock({ achievementId: id });
  else await session.games.achievements.setStepsAtLeast({ achievementId: id, steps: def.totalSteps! });
}

describe('achievements.reset (the caller’s own progress)', () => {
  it('resets one achievement of a tester to its initial state', async () => {
    const tester = await emulator.control.createPlayer({ tester: true });
    const session = await signIn(emulator, tester);
    await unlock(session, seed.hidden.id);

    const { data, status } = await session.management.achievements.reset({ achievementId: seed.hidden.id });

    expect(status).toBe(200);
    expect(data).toEqual({
      kind: 'gamesManagement#achievementResetResponse',
      definitionId: seed.hidden.id,
      currentState: 'HIDDEN',
      updateOccurred: true,
    });
    expect(await stateOf(tester, seed.hidden.id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    const listed = (await session.games.achievements.list({ playerId: 'me' })).data.items!.find((i) => i.id === seed.hidden.id);
    expect(listed?.achievementState).toBe('HIDDEN');
  });

  it('resets an incremental achievement’s steps to zero', async () => {
    const tester = await emulator.control.createPlayer({ tester: true });
    const session = await signIn(emulator, tester);
    await session.games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 3 });

    const { data } = await session.management.achievements.reset({ achievementId: seed.incremental.id });

    expect(data).toEqual(expect.objectContaining({ definitionId: seed.incremental.id, currentState: 'REVEALED', updateOccurred: true }));
    const listed = (await session.games.achievements.list({ playerId: 'me' })).data.items!.find((i) => i.id === seed.incremental.id);
    expect(listed).toEqual(expect.objectContaining({ achievementState: 'REVEALED', currentSteps: 0 }));
  });

  it('says updateOccurred false when there was nothing to reset', async () => {
    const session = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    const { data } = await session.management.achievements.reset({ achievementId: seed.standard[1].id });
    expect(data).toEqual({
      kind: 'gamesManagement#achievementResetResponse',
      definitionId: seed.standard[1].id,
      currentState: 'REVEALED',
      updateOccurred: false,
    });
  });

  it('answers 403 forbidden to a player who is not a tester, and keeps their progress', async () => {
    const player = await emulator.control.createPlayer();
    const session = await signIn(emulator, player);
    await unlock(session, seed.standard[0].id);
    await expectGoogleError(session.management.achievements.reset({ achievementId: seed.standard[0].id }), 403, 'forbidden');
    expect(await stateOf(player, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });

  it('answers 404 notFound for an unknown achievement', async () => {
    const session = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    await expectGoogleError(session.management.achievements.reset({ achievementId: 'CgkI-no-such-achievement' }), 404, 'notFound');
  });

  it('answers 401 without a valid token', async () => {
    const session = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    await session.auth.revokeToken(session.tokens.access_token!);
    await expectGoogleError(session.management.achievements.reset({ achievementId: seed.standard[0].id }), 401, 'authError');
  });
});

describe('achievements.resetAll', () => {
  it('resets every achievement of a tester, published and draft, and reports each', async () => {
    const tester = await emulator.control.createPlayer({ tester: true });
    const session = await signIn(emulator, tester);
    await unlock(session, seed.standard[0].id);
    await unlock(session, seed.draft.id);

    const { data, status } = await session.management.achievements.resetAll();

    expect(status).toBe(200);
    expect(data.kind).toBe('gamesManagement#achievementResetAllResponse');
    const results = new Map(data.results!.map((r) => [r.definitionId, r]));
    for (const r of data.results!) expect(r.kind).toBe('gamesManagement#achievementResetResponse');
    expect(results.get(seed.standard[0].id)).toEqual(expect.objectContaining({ currentState: 'REVEALED', updateOccurred: true }));
    expect(results.get(seed.draft.id)).toEqual(expect.objectContaining({ currentState: seed.draft.initialState, updateOccurred: true }));
    const unlocked = (await session.games.achievements.list({ playerId: 'me', state: 'UNLOCKED' })).data.items ?? [];
    expect(unlocked).toEqual([]);
    expect(await stateOf(tester, seed.standard[0].id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });

  it('answers 403 forbidden to a player who is not a tester', async () => {
    const player = await emulator.control.createPlayer();
    const session = await signIn(emulator, player);
    await unlock(session, seed.standard[0].id);
    await expectGoogleError(session.management.achievements.resetAll(), 403, 'forbidden');
    expect(await stateOf(player, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });
});

describe('the …ForAllPlayers resets (developer accounts, drafts only)', () => {
  /** Two testers who unlocked the draft and a published achievement. */
  async function testersWithProgress(): Promise<ControlPlayer[]> {
    const testers = [await emulator.control.createPlayer({ tester: true }), await emulator.control.createPlayer({ tester: true })];
    for (const tester of testers) {
      const session = await signIn(emulator, tester);
      await unlock(session, seed.draft.id);
      await unlock(session, seed.standard[0].id);
    }
    return testers;
  }

  it('resetForAllPlayers resets a draft for every player, and leaves published progress alone', async () => {
    const testers = await testersWithProgress();
    const developer = await signIn(emulator, await emulator.control.createPlayer({ developer: true }));

    const res = await developer.management.achievements.resetForAllPlayers({ achievementId: seed.draft.id });

    expect([200, 204]).toContain(res.status);
    // An empty answer: Google sends no body for these methods (the schema has no response).
    const body: unknown = res.data;
    expect(body === '' || body === undefined || (typeof body === 'object' && Object.keys(body ?? {}).length === 0)).toBe(true);
    for (const tester of testers) {
      expect(await stateOf(tester, seed.draft.id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
      expect(await stateOf(tester, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    }
  });

  it('resetForAllPlayers refuses a published achievement with 400, and changes nothing', async () => {
    const testers = await testersWithProgress();
    const developer = await signIn(emulator, await emulator.control.createPlayer({ developer: true }));
    await expectGoogleError(developer.management.achievements.resetForAllPlayers({ achievementId: seed.standard[0].id }), 400, 'invalid', 'FAILED_PRECONDITION');
    for (const tester of testers) {
      expect(await stateOf(tester, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    }
  });

  it('resetAllForAllPlayers resets every draft, and only drafts', async () => {
    const testers = await testersWithProgress();
    const developer = await signIn(emulator, await emulator.control.createPlayer({ developer: true }));

    const res = await developer.management.achievements.resetAllForAllPlayers();

    expect([200, 204]).toContain(res.status);
    for (const tester of testers) {
      expect(await stateOf(tester, seed.draft.id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
      expect(await stateOf(tester, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    }
  });

  it('resetMultipleForAllPlayers resets the listed drafts', async () => {
    const testers = await testersWithProgress();
    const developer = await signIn(emulator, await emulator.control.createPlayer({ developer: true }));

    const res = await developer.management.achievements.resetMultipleForAllPlayers({
      requestBody: { kind: 'gamesManagement#achievementResetMultipleForAllRequest', achievement_ids: [seed.draft.id] },
    });

    expect([200, 204]).toContain(res.status);
    for (const tester of testers) {
      expect(await stateOf(tester, seed.draft.id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    }
  });

  it('resetMultipleForAllPlayers refuses a list holding a published achievement with 400, and changes nothing', async () => {
    const testers = await testersWithProgress();
    const developer = await signIn(emulator, await emulator.control.createPlayer({ developer: true }));
    await expectGoogleError(
      developer.management.achievements.resetMultipleForAllPlayers({ requestBody: { achievement_ids: [seed.draft.id, seed.standard[0].id] } }),
      400,
      'invalid',
      'FAILED_PRECONDITION',
    );
    for (const tester of testers) {
      expect(await stateOf(tester, seed.draft.id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    }
  });

  it('answers 403 forbidden to a tester and to a plain player, on all three', async () => {
    const [tester] = await testersWithProgress();
    for (const caller of [await signIn(emulator, tester!), await signIn(emulator, await emulator.control.createPlayer())]) {
      await expectGoogleError(caller.management.achievements.resetForAllPlayers({ achievementId: seed.draft.id }), 403, 'forbidden');
      await expectGoogleError(caller.management.achievements.resetAllForAllPlayers(), 403, 'forbidden');
      await expectGoogleError(
        caller.management.achievements.resetMultipleForAllPlayers({ requestBody: { achievement_ids: [seed.draft.id] } }),
        403,
        'forbidden',
      );
    }
    expect(await stateOf(tester!, seed.draft.id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });
});
