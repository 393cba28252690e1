/**
 * Every achievement write of googleapis `games.achievements` against the emulator (reference
 * §1.4): unlock, increment (with and without requestId), reveal, setStepsAtLeast and
 * updateMultiple, each checked against the ground truth of the control API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievements, expectGoogleError, signIn, startEmulator } from './harness.js';
import type { games_v1 } from 'googleapis/build/src/apis/games/index.js';
import type { ControlPlayer } from '../../src/emulator/index.js';
import type { DemoAchievements, Emulator } from './harness.js';

let emulator: Emulator;
let seed: DemoAchievements;
beforeAll(async () => {
  emulator = await startEmulator();
  seed = demoAchievements(emulator.apps[0]!);
});
afterAll(async () => {
  await emulator.close();
});

/** The ground truth of one achievement for `player` in the demo game. */
async function truthOf(player: ControlPlayer, achievementId: string): Promise<{ achievementState: string; currentSteps?: number } | undefined> {
  const truth = await emulator.control.player(player.playerId);
  return truth.achievements[emulator.apps[0]!.applicationId]?.find((a) => a.id === achievementId);
}

const total = () => seed.incremental.totalSteps!;

describe('achievements.unlock', () => {
  it('unlocks once: newlyUnlocked true, then false, and the ground truth says UNLOCKED', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);

    const first = await games.achievements.unlock({ achievementId: seed.standard[0].id });
    const again = await games.achievements.unlock({ achievementId: seed.standard[0].id });

    expect(first.status).toBe(200);
    expect(first.data).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: true });
    expect(again.data).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: false });
    expect(await truthOf(player, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    expect(await truthOf(player, seed.standard[1].id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });

  it('unlocks a hidden achievement, which reveals it', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    expect((await games.achievements.unlock({ achievementId: seed.hidden.id })).data.newlyUnlocked).toBe(true);
    expect(await truthOf(player, seed.hidden.id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });

  it('completes an INCREMENTAL achievement: its steps jump to the total', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1 });
    expect((await games.achievements.unlock({ achievementId: seed.incremental.id })).data.newlyUnlocked).toBe(true);
    expect(await truthOf(player, seed.incremental.id)).toEqual(
      expect.objectContaining({ achievementState: 'UNLOCKED', currentSteps: seed.incremental.totalSteps }),
    );
  });

  it('keeps one player’s unlock away from another player', async () => {
    const alice = await emulator.control.createPlayer();
    const bob = await emulator.control.createPlayer();
    await (await signIn(emulator, alice)).games.achievements.unlock({ achievementId: seed.standard[1].id });
    const { data } = await (await signIn(emulator, bob)).games.achievements.unlock({ achievementId: seed.standard[1].id });
    expect(data.newlyUnlocked).toBe(true);
  });

  it('answers 404 notFound for an unknown achievement', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.unlock({ achievementId: 'CgkI-no-such-achievement' }), 404, 'notFound');
  });

  it('answers 404 notFound for a draft when the player is not a tester, and unlocks it for a tester', async () => {
    const write = (games: Awaited<ReturnType<typeof signIn>>['games']) =>
      seed.draft.achievementType === 'STANDARD'
        ? games.achievements.unlock({ achievementId: seed.draft.id })
        : games.achievements.setStepsAtLeast({ achievementId: seed.draft.id, steps: 1 });
    const player = await emulator.control.createPlayer();
    await expectGoogleError(write((await signIn(emulator, player)).games), 404, 'notFound');
    expect(await truthOf(player, seed.draft.id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));

    const tester = await emulator.control.createPlayer({ tester: true });
    expect((await write((await signIn(emulator, tester)).games)).status).toBe(200);
  });
});

describe('query parameters', () => {
  // Every StandardParameters field googleapis 174 declares, as the client puts them in the query.
  const standard = {
    '$.xgafv': '2',
    alt: 'json',
    callback: 'cb',
    // A mask every method's answer can take: a field one answer lacks is Google's 400 there.
    fields: '*',
    key: 'test-api-key',
    prettyPrint: false,
    quotaUser: 'conformance',
    upload_protocol: 'raw',
    uploadType: 'media',
  } as const;

  it('takes every standard parameter the client sends, on reads, writes and management resets', async () => {
    const player = await emulator.control.createPlayer({ tester: true });
    const { games, management } = await signIn(emulator, player);
    const steps = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2, requestId: '41', ...standard });
    expect(steps.data).toMatchObject({ currentSteps: 2 });
    expect((await games.achievements.list({ playerId: 'me', state: 'ALL', maxResults: 1, ...standard })).data.items).toHaveLength(1);
    expect((await games.players.get({ playerId: 'me', language: 'en', ...standard })).status).toBe(200);
    expect((await management.achievements.reset({ achievementId: seed.incremental.id, ...standard })).status).toBe(200);
  });

  it('refuses a misspelt requestId with 400 invalid naming it, and counts nothing (it was ignored: a retry counted twice)', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const params = { achievementId: seed.incremental.id, stepsToIncrement: 1, requestID: '5' } as games_v1.Params$Resource$Achievements$Increment;
    const error = await expectGoogleError(games.achievements.increment(params), 400, 'invalid');
    expect(error.response?.data.error.message).toBe(
      `Invalid JSON payload received. Unknown name "requestID": Cannot bind query parameter. Field 'requestID' could not be found in request message.`,
    );
    expect(await truthOf(player, seed.incremental.id)).not.toEqual(expect.objectContaining({ currentSteps: 1 }));
  });
});

describe('achievements.increment', () => {
  it('adds steps and unlocks at the total, clamping there', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);

    const two = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2 });
    expect(two.data).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 2, newlyUnlocked: false });
    expect(await truthOf(player, seed.incremental.id)).toEqual(expect.objectContaining({ achievementState: 'REVEALED', currentSteps: 2 }));

    const past = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: total() + 10 });
    expect(past.data).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: total(), newlyUnlocked: true });

    const after = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1 });
    expect(after.data).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: total(), newlyUnlocked: false });
    expect(await truthOf(player, seed.incremental.id)).toEqual(
      expect.objectContaining({ achievementState: 'UNLOCKED', currentSteps: total() }),
    );
  });

  it('keeps a HIDDEN incremental achievement hidden while it gains steps, and reveals it at the total', async () => {
    // The demo seed does not promise one (src/emulator/README.md, 'The demo seed'), but it has one
    // ("Night Watch").
    const hiddenIncremental = seed.published.find((a) => a.achievementType === 'INCREMENTAL' && a.initialState === 'HIDDEN')!;
    expect(hiddenIncremental, 'a published HIDDEN INCREMENTAL achievement in the demo seed').toBeDefined();
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const { data } = await games.achievements.increment({ achievementId: hiddenIncremental.id, stepsToIncrement: 1 });
    expect(data.currentSteps).toBe(1);
    expect(await truthOf(player, hiddenIncremental.id)).toEqual(expect.objectContaining({ achievementState: 'HIDDEN', currentSteps: 1 }));
    await games.achievements.increment({ achievementId: hiddenIncremental.id, stepsToIncrement: hiddenIncremental.totalSteps! });
    expect(await truthOf(player, hiddenIncremental.id)).toEqual(
      expect.objectContaining({ achievementState: 'UNLOCKED', currentSteps: hiddenIncremental.totalSteps }),
    );
  });

  it('counts a requestId once: the retry gets the first answer and adds nothing', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const requestId = '8675309123456789';

    const first = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1, requestId });
    const retry = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1, requestId });
    const other = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1, requestId: '8675309123456790' });

    expect(first.data).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 1, newlyUnlocked: false });
    expect(retry.data).toEqual(first.data);
    expect(other.data.currentSteps).toBe(2);
    expect(await truthOf(player, seed.incremental.id)).toEqual(expect.objectContaining({ currentSteps: 2 }));
  });

  it('counts each increment without a requestId', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1 });
    const { data } = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1 });
    expect(data.currentSteps).toBe(2);
    expect(await truthOf(player, seed.incremental.id)).toEqual(expect.objectContaining({ currentSteps: 2 }));
  });

  it('keeps one player’s requestId from deduplicating another player’s increment', async () => {
    const requestId = '4242424242';
    const alice = await emulator.control.createPlayer();
    const bob = await emulator.control.createPlayer();
    await (await signIn(emulator, alice)).games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 3, requestId });
    await (await signIn(emulator, bob)).games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 3, requestId });
    expect(await truthOf(bob, seed.incremental.id)).toEqual(expect.objectContaining({ currentSteps: 3 }));
  });

  it('answers 400 for a STANDARD achievement and changes nothing', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await expectGoogleError(games.achievements.increment({ achievementId: seed.standard[0].id, stepsToIncrement: 1 }), 400, 'invalid');
    expect(await truthOf(player, seed.standard[0].id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });

  it('answers 400 invalid for a step count below 1', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 0 }), 400, 'invalid');
    await expectGoogleError(games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: -3 }), 400, 'invalid');
  });

  // A missing stepsToIncrement never reaches the wire: googleapis refuses it client-side
  // ("Missing required parameters"), so that case belongs to the emulator's own tests.

  it('answers 404 notFound for an unknown achievement', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.increment({ achievementId: 'CgkI-no-such-achievement', stepsToIncrement: 1 }), 404, 'notFound');
  });
});

describe('achievements.reveal', () => {
  it('reveals a hidden achievement, and answers UNLOCKED for an unlocked one', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);

    const revealed = await games.achievements.reveal({ achievementId: seed.hidden.id });
    expect(revealed.data).toEqual({ kind: 'games#achievementRevealResponse', currentState: 'REVEALED' });
    expect(await truthOf(player, seed.hidden.id)).toEqual(expect.objectContaining({ achievementState: 'REVEALED' }));

    await games.achievements.unlock({ achievementId: seed.standard[0].id });
    const unlocked = await games.achievements.reveal({ achievementId: seed.standard[0].id });
    expect(unlocked.data).toEqual({ kind: 'games#achievementRevealResponse', currentState: 'UNLOCKED' });
    expect(await truthOf(player, seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });

  it('answers 404 notFound for an unknown achievement', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.reveal({ achievementId: 'CgkI-no-such-achievement' }), 404, 'notFound');
  });
});

describe('achievements.setStepsAtLeast', () => {
  it('raises steps, never lowers them, and unlocks at the total', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);

    const three = await games.achievements.setStepsAtLeast({ achievementId: seed.incremental.id, steps: 3 });
    expect(three.data).toEqual({ kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: 3, newlyUnlocked: false });

    const lower = await games.achievements.setStepsAtLeast({ achievementId: seed.incremental.id, steps: 1 });
    expect(lower.data).toEqual({ kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: 3, newlyUnlocked: false });
    expect(await truthOf(player, seed.incremental.id)).toEqual(expect.objectContaining({ currentSteps: 3 }));

    const full = await games.achievements.setStepsAtLeast({ achievementId: seed.incremental.id, steps: total() + 5 });
    expect(full.data).toEqual({ kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: total(), newlyUnlocked: true });
    expect(await truthOf(player, seed.incremental.id)).toEqual(
      expect.objectContaining({ achievementState: 'UNLOCKED', currentSteps: total() }),
    );
  });

  it('answers 400 for a STANDARD achievement', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.setStepsAtLeast({ achievementId: seed.standard[0].id, steps: 1 }), 400, 'invalid');
  });

  it('answers 400 invalid for steps below 1', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.setStepsAtLeast({ achievementId: seed.incremental.id, steps: 0 }), 400, 'invalid');
  });
});

describe('achievements.updateMultiple', () => {
  it('applies all four update types in order and says which changed anything', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const requestBody = {
      kind: 'games#achievementUpdateMultipleRequest',
      updates: [
        { kind: 'games#achievementUpdateRequest', achievementId: seed.hidden.id, updateType: 'REVEAL' },
        { kind: 'games#achievementUpdateRequest', achievementId: seed.standard[0].id, updateType: 'UNLOCK' },
        {
          kind: 'games#achievementUpdateRequest',
          achievementId: seed.incremental.id,
          updateType: 'INCREMENT',
          incrementPayload: { kind: 'games#GamesAchievementIncrement', steps: 2, requestId: '1234567890123' },
        },
        {
          kind: 'games#achievementUpdateRequest',
          achievementId: seed.incremental.id,
          updateType: 'SET_STEPS_AT_LEAST',
          setStepsAtLeastPayload: { kind: 'games#GamesAchievementSetStepsAtLeast', steps: 4 },
        },
      ],
    };

    const { data, status } = await games.achievements.updateMultiple({ requestBody });

    expect(status).toBe(200);
    expect(data).toEqual({
      kind: 'games#achievementUpdateMultipleResponse',
      updatedAchievements: [
        { kind: 'games#achievementUpdateResponse', achievementId: seed.hidden.id, currentState: 'REVEALED', newlyUnlocked: false, updateOccurred: true },
        { kind: 'games#achievementUpdateResponse', achievementId: seed.standard[0].id, currentState: 'UNLOCKED', newlyUnlocked: true, updateOccurred: true },
        {
          kind: 'games#achievementUpdateResponse',
          achievementId: seed.incremental.id,
          currentState: 'REVEALED',
          currentSteps: 2,
          newlyUnlocked: false,
          updateOccurred: true,
        },
        {
          kind: 'games#achievementUpdateResponse',
          achievementId: seed.incremental.id,
          currentState: 'REVEALED',
          currentSteps: 4,
          newlyUnlocked: false,
          updateOccurred: true,
        },
      ],
    });
    const truth = (await emulator.control.player(player.playerId)).achievements[emulator.apps[0]!.applicationId]!;
    const state = new Map(truth.map((a) => [a.id, a]));
    expect(state.get(seed.hidden.id)).toEqual(expect.objectContaining({ achievementState: 'REVEALED' }));
    expect(state.get(seed.standard[0].id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
    expect(state.get(seed.incremental.id)).toEqual(expect.objectContaining({ achievementState: 'REVEALED', currentSteps: 4 }));

    // The same batch again, as a retry would send it: the increment's requestId was seen, so it
    // replays its first answer and adds nothing; the other updates are no-ops now.
    const again = (await games.achievements.updateMultiple({ requestBody })).data.updatedAchievements!;
    expect(again[2]).toEqual(data.updatedAchievements![2]);
    expect([again[0], again[1], again[3]].map((u) => u!.updateOccurred)).toEqual([false, false, false]);
    expect(again.map((u) => u.newlyUnlocked)).toEqual([false, false, false, false]);
    expect(again[3]!.currentSteps).toBe(4);
    expect((await emulator.control.player(player.playerId)).achievements[emulator.apps[0]!.applicationId]!.find((a) => a.id === seed.incremental.id))
      .toEqual(expect.objectContaining({ currentSteps: 4 }));
  });

  it('unlocks an incremental achievement that a batch brings to its total', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const { data } = await games.achievements.updateMultiple({
      requestBody: {
        updates: [{ achievementId: seed.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: total() } }],
      },
    });
    expect(data.updatedAchievements).toEqual([
      expect.objectContaining({ achievementId: seed.incremental.id, currentState: 'UNLOCKED', currentSteps: total(), newlyUnlocked: true, updateOccurred: true }),
    ]);
  });

  it('answers 400 invalid for an unknown update type', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(
      games.achievements.updateMultiple({ requestBody: { updates: [{ achievementId: seed.standard[0].id, updateType: 'EXPLODE' }] } }),
      400,
      'invalid',
    );
  });

  it('answers 400 required for an INCREMENT without its payload, and applies nothing of the batch', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await expectGoogleError(
      games.achievements.updateMultiple({
        requestBody: {
          updates: [
            { achievementId: seed.standard[0].id, updateType: 'UNLOCK' },
            { achievementId: seed.incremental.id, updateType: 'INCREMENT' },
          ],
        },
      }),
      400,
      'required',
    );
    expect(await truthOf(player, seed.standard[0].id)).not.toEqual(expect.objectContaining({ achievementState: 'UNLOCKED' }));
  });
});
