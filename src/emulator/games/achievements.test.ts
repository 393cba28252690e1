import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, OTHER_APP, REGULAR, TESTER, api, envelope, progressOf, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let token: string;
let testerToken: string;
beforeEach(async () => {
  emulator.state.reset();
  token = (await signIn(emulator.app)).access_token;
  testerToken = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
});

const post = (url: string, as = token, body?: unknown) => api(emulator.app, 'POST', url, as, body);
const notFound = (id: string) => envelope(404, 'NOT_FOUND', 'notFound', `The requested achievement with ID ${id} was not found.`);

describe('achievements.list', () => {
  it('lists every visible achievement in its initial state, steps only for INCREMENTAL, no XP before unlock', async () => {
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me/achievements', token);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#playerAchievementListResponse');
    expect(reply.body.items).toHaveLength(6);
    expect(reply.body.items[0]).toEqual({ kind: 'games#playerAchievement', id: ACH.standard.id, achievementState: 'REVEALED' });
    expect(reply.body.items[2]).toEqual({
      kind: 'games#playerAchievement',
      id: ACH.incremental.id,
      achievementState: 'REVEALED',
      currentSteps: 0,
      formattedCurrentStepsString: '0',
    });
    expect(reply.body.items[3]).toMatchObject({ id: ACH.hidden.id, achievementState: 'HIDDEN' });
  });

  it('shows XP, epoch-ms lastUpdatedTimestamp on the emulator clock, and filters by state', async () => {
    await emulator.app.inject({ method: 'POST', url: '/emulator/v1/clock:advance', payload: { seconds: 1800 } });
    await post(`/games/v1/achievements/${ACH.standard.id}/unlock`);
    const unlocked = await api(emulator.app, 'GET', '/games/v1/players/me/achievements?state=UNLOCKED', token);
    expect(unlocked.body.items).toEqual([
      {
        kind: 'games#playerAchievement',
        id: ACH.standard.id,
        achievementState: 'UNLOCKED',
        lastUpdatedTimestamp: expect.stringMatching(/^[0-9]{13}$/),
        experiencePoints: '500',
      },
    ]);
    const stamp = Number(unlocked.body.items[0].lastUpdatedTimestamp);
    expect(Math.abs(stamp - (Date.now() + 1_800_000))).toBeLessThan(5000);
    const hidden = await api(emulator.app, 'GET', `/games/v1/players/${REGULAR.playerId}/achievements?state=HIDDEN`, token);
    expect(hidden.body.items.map((item: { id: string }) => item.id)).toEqual([ACH.hidden.id, ACH.hiddenIncremental.id]);
  });

  it('pages with maxResults and pageToken', async () => {
    const first = await api(emulator.app, 'GET', '/games/v1/players/me/achievements?maxResults=5', token);
    expect(first.body.items).toHaveLength(5);
    const second = await api(emulator.app, 'GET', `/games/v1/players/me/achievements?maxResults=5&pageToken=${first.body.nextPageToken}`, token);
    expect(second.body.items).toHaveLength(1);
    expect(second.body).not.toHaveProperty('nextPageToken');
  });

  it('answers 400 for an unknown state and 403/404 for other players', async () => {
    const bad = await api(emulator.app, 'GET', '/games/v1/players/me/achievements?state=LOCKED', token);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'state' (TYPE_ENUM), "LOCKED": must be one of ALL, HIDDEN, REVEALED, UNLOCKED`, {
        location: 'state',
        locationType: 'parameter',
      }),
    );
    const other = await api(emulator.app, 'GET', `/games/v1/players/${TESTER.playerId}/achievements`, token);
    expect(other.status).toBe(403);
    expect(other.body.error.errors[0].reason).toBe('forbidden');
    const unknown = await api(emulator.app, 'GET', '/games/v1/players/g404/achievements', token);
    expect(unknown.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested player with ID g404 was not found.'));
  });

  it('shows drafts to testers, with "0" XP once unlocked', async () => {
    await post(`/games/v1/achievements/${ACH.draft.id}/unlock`, testerToken);
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me/achievements?state=UNLOCKED', testerToken);
    expect(reply.body.items).toEqual([expect.objectContaining({ id: ACH.draft.id, achievementState: 'UNLOCKED', experiencePoints: '0' })]);
    const all = await api(emulator.app, 'GET', '/games/v1/players/me/achievements', testerToken);
    expect(all.body.items).toHaveLength(9);
  });

  it('sees the game of the token: another game’s token lists that game', async () => {
    const other = (await signIn(emulator.app, { clientId: OTHER_APP.webClientId })).access_token;
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me/achievements', other);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual(OTHER_APP.achievements.map((achievement) => achievement.id));
  });
});

describe('achievements.unlock', () => {
  it('unlocks once: newlyUnlocked true, then false', async () => {
    const first = await post(`/games/v1/achievements/${ACH.standard.id}/unlock`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: true });
    const second = await post(`/games/v1/achievements/${ACH.standard.id}/unlock`);
    expect(second.body).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: false });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('reveals a hidden achievement by unlocking it', async () => {
    await post(`/games/v1/achievements/${ACH.hidden.id}/unlock`);
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.hidden.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('answers 404 for unknown achievements, another game’s, and drafts for non-testers', async () => {
    for (const id of ['CgkInope', OTHER_APP.achievements[0]!.id, ACH.draft.id]) {
      const reply = await post(`/games/v1/achievements/${id}/unlock`);
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual(notFound(id));
    }
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.draft.id)).toMatchObject({ achievementState: 'REVEALED' });
  });
});

describe('achievements.increment', () => {
  const url = (steps: string | number, extra = '') => `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=${steps}${extra}`;

  it('adds steps, clamps at the total, and unlocks exactly once', async () => {
    expect((await post(url(4))).body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 4, newlyUnlocked: false });
    expect((await post(url(100))).body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 10, newlyUnlocked: true });
    expect((await post(url(1))).body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 10, newlyUnlocked: false });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ achievementState: 'UNLOCKED', currentSteps: 10 });
  });

  it('counts a repeated requestId once and returns the first result', async () => {
    const first = await post(url(3, '&requestId=9007199254740993'));
    await post(url(2));
    const retry = await post(url(3, '&requestId=9007199254740993'));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.body.currentSteps).toBe(3);
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 5 });
    // The same requestId is independent per player.
    await post(url(3, '&requestId=9007199254740993'), testerToken);
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 3 });
  });

  it('keeps a hidden incremental achievement hidden until it unlocks', async () => {
    const hiddenUrl = `/games/v1/achievements/${ACH.hiddenIncremental.id}/increment?stepsToIncrement=`;
    await post(`${hiddenUrl}2`);
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.hiddenIncremental.id)).toMatchObject({ achievementState: 'HIDDEN', currentSteps: 2 });
    expect((await post(`${hiddenUrl}3`)).body.newlyUnlocked).toBe(true);
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.hiddenIncremental.id)).toMatchObject({ achievementState: 'UNLOCKED', currentSteps: 5 });
  });

  it('answers 400 for a STANDARD achievement and applies nothing', async () => {
    const reply = await post(`/games/v1/achievements/${ACH.standard.id}/increment?stepsToIncrement=1`);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `The achievement with ID ${ACH.standard.id} is a STANDARD achievement; only INCREMENTAL achievements have steps.`),
    );
  });

  it('answers 400 for missing, non-integer, zero or negative steps and a bad requestId', async () => {
    const missing = await post(`/games/v1/achievements/${ACH.incremental.id}/increment`);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'required', 'Required parameter: stepsToIncrement', { location: 'stepsToIncrement', locationType: 'parameter' }),
    );
    const cases: Array<[string, string]> = [
      [url('abc'), `Invalid value at 'steps_to_increment' (TYPE_INT32), "abc"`],
      [url('1.5'), `Invalid value at 'steps_to_increment' (TYPE_INT32), "1.5"`],
      [url(0), `Invalid value at 'steps_to_increment' (TYPE_INT32), 0: must be >= 1`],
      [url(-3), `Invalid value at 'steps_to_increment' (TYPE_INT32), -3: must be >= 1`],
      [url(2147483648), `Invalid value at 'steps_to_increment' (TYPE_INT32), 2147483648: must be <= 2147483647`],
    ];
    for (const [target, message] of cases) {
      const reply = await post(target);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(envelope(400, 'INVALID_ARGUMENT', 'invalid', message, { location: 'stepsToIncrement', locationType: 'parameter' }));
    }
    const badRequestId = await post(url(1, '&requestId=abc'));
    expect(badRequestId.status).toBe(400);
    expect(badRequestId.body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'requestId' });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });
  });
});

describe('requestId beyond int64', () => {
  it('answers 400 invalid on increment and updateMultiple and applies nothing', async () => {
    const tooBig = '9223372036854775808'; // 2^63: 19 digits, one past int64
    const single = await post(`/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=1&requestId=${tooBig}`);
    expect(single.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'request_id' (TYPE_INT64), "${tooBig}"`, { location: 'requestId', locationType: 'parameter' }),
    );
    const tooSmall = '-9223372036854775809';
    const batch = await post('/games/v1/achievements/updateMultiple', token, {
      updates: [
        { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
        { achievementId: ACH.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: 1, requestId: tooSmall } },
      ],
    });
    expect(batch.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'updates[1].increment_payload.request_id' (TYPE_INT64), "${tooSmall}"`, {
        location: 'updates[1].incrementPayload.requestId',
        locationType: 'parameter',
      }),
    );
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'REVEALED' });
    // The int64 bounds themselves are fine.
    expect((await post(`/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=1&requestId=9223372036854775807`)).status).toBe(200);
    expect((await post(`/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=1&requestId=-9223372036854775808`)).status).toBe(200);
  });
});

describe('achievements.reveal', () => {
  it('reveals a hidden achievement; revealing again changes nothing', async () => {
    const reply = await post(`/games/v1/achievements/${ACH.hidden.id}/reveal`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ kind: 'games#achievementRevealResponse', currentState: 'REVEALED' });
    expect((await post(`/games/v1/achievements/${ACH.hidden.id}/reveal`)).body.currentState).toBe('REVEALED');
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.hidden.id)).toMatchObject({ achievementState: 'REVEALED' });
  });

  it('answers UNLOCKED for an unlocked achievement and never relocks it', async () => {
    await post(`/games/v1/achievements/${ACH.standard.id}/unlock`);
    const reply = await post(`/games/v1/achievements/${ACH.standard.id}/reveal`);
    expect(reply.body).toEqual({ kind: 'games#achievementRevealResponse', currentState: 'UNLOCKED' });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });
});

describe('achievements.setStepsAtLeast', () => {
  const url = (steps: number | string, id = ACH.incremental.id) => `/games/v1/achievements/${id}/setStepsAtLeast?steps=${steps}`;

  it('raises steps, never lowers them, and unlocks at the total', async () => {
    expect((await post(url(6))).body).toEqual({ kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: 6, newlyUnlocked: false });
    expect((await post(url(2))).body).toEqual({ kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: 6, newlyUnlocked: false });
    expect((await post(url(10))).body).toEqual({ kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: 10, newlyUnlocked: true });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ achievementState: 'UNLOCKED', currentSteps: 10 });
  });

  it('answers 400 for a STANDARD achievement and for bad steps', async () => {
    expect((await post(url(1, ACH.standard.id))).status).toBe(400);
    const zero = await post(url(0));
    expect(zero.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'steps' (TYPE_INT32), 0: must be >= 1`, { location: 'steps', locationType: 'parameter' }),
    );
    const missing = await post(`/games/v1/achievements/${ACH.incremental.id}/setStepsAtLeast`);
    expect(missing.body.error.errors[0]).toMatchObject({ reason: 'required', location: 'steps' });
  });
});

describe('achievements.updateMultiple', () => {
  const batch = (updates: unknown[], as = token) => post('/games/v1/achievements/updateMultiple', as, { kind: 'games#achievementUpdateMultipleRequest', updates });

  it('applies all four update types in order, reporting updateOccurred and newlyUnlocked per item', async () => {
    await post(`/games/v1/achievements/${ACH.standard2.id}/unlock`);
    const reply = await batch([
      { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
      { achievementId: ACH.standard2.id, updateType: 'UNLOCK' },
      { achievementId: ACH.hidden.id, updateType: 'REVEAL' },
      { achievementId: ACH.incremental.id, updateType: 'INCREMENT', incrementPayload: { kind: 'games#GamesAchievementIncrement', steps: 4 } },
      { achievementId: ACH.incremental.id, updateType: 'SET_STEPS_AT_LEAST', setStepsAtLeastPayload: { steps: 2 } },
      { achievementId: ACH.bigIncremental.id, updateType: 'SET_STEPS_AT_LEAST', setStepsAtLeastPayload: { steps: 1000 } },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#achievementUpdateMultipleResponse',
      updatedAchievements: [
        { kind: 'games#achievementUpdateResponse', achievementId: ACH.standard.id, currentState: 'UNLOCKED', newlyUnlocked: true, updateOccurred: true },
        { kind: 'games#achievementUpdateResponse', achievementId: ACH.standard2.id, currentState: 'UNLOCKED', newlyUnlocked: false, updateOccurred: false },
        { kind: 'games#achievementUpdateResponse', achievementId: ACH.hidden.id, currentState: 'REVEALED', newlyUnlocked: false, updateOccurred: true },
        {
          kind: 'games#achievementUpdateResponse',
          achievementId: ACH.incremental.id,
          currentState: 'REVEALED',
          currentSteps: 4,
          newlyUnlocked: false,
          updateOccurred: true,
        },
        {
          kind: 'games#achievementUpdateResponse',
          achievementId: ACH.incremental.id,
          currentState: 'REVEALED',
          currentSteps: 4,
          newlyUnlocked: false,
          updateOccurred: false,
        },
        {
          kind: 'games#achievementUpdateResponse',
          achievementId: ACH.bigIncremental.id,
          currentState: 'UNLOCKED',
          currentSteps: 1000,
          newlyUnlocked: true,
          updateOccurred: true,
        },
      ],
    });
  });

  it('honours requestId in incrementPayload, shared with achievements.increment', async () => {
    const update = { achievementId: ACH.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: 3, requestId: '77' } };
    const first = await batch([update]);
    const retry = await batch([update]);
    expect(retry.body.updatedAchievements).toEqual(first.body.updatedAchievements);
    const single = await post(`/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=3&requestId=77`);
    expect(single.body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 3, newlyUnlocked: false });
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 3 });
  });

  it('validates the whole batch before applying any of it', async () => {
    const unknown = await batch([
      { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
      { achievementId: 'CgkInope', updateType: 'UNLOCK' },
    ]);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(notFound('CgkInope'));

    const standardIncrement = await batch([
      { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
      { achievementId: ACH.standard2.id, updateType: 'INCREMENT', incrementPayload: { steps: 1 } },
    ]);
    expect(standardIncrement.status).toBe(400);
    expect(standardIncrement.body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'updates[1].achievementId' });

    const missingPayload = await batch([
      { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
      { achievementId: ACH.incremental.id, updateType: 'INCREMENT' },
    ]);
    expect(missingPayload.status).toBe(400);
    expect(missingPayload.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'required', 'Required parameter: updates[1].incrementPayload.steps', {
        location: 'updates[1].incrementPayload.steps',
        locationType: 'parameter',
      }),
    );

    const badType = await batch([{ achievementId: ACH.standard.id, updateType: 'EXPLODE' }]);
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual(
      envelope(
        400,
        'INVALID_ARGUMENT',
        'invalid',
        `Invalid value at 'updates[0].update_type' (TYPE_ENUM), "EXPLODE": must be one of REVEAL, UNLOCK, INCREMENT, SET_STEPS_AT_LEAST`,
        { location: 'updates[0].updateType', locationType: 'parameter' },
      ),
    );

    const zeroSteps = await batch([{ achievementId: ACH.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: 0 } }]);
    expect(zeroSteps.status).toBe(400);
    expect(zeroSteps.body.error.errors[0].location).toBe('updates[0].incrementPayload.steps');

    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'REVEALED' });
  });

  it('refuses an unknown field name as Google does, applying nothing; proto (snake_case) names are accepted', async () => {
    const message = `Invalid JSON payload received. Unknown name "requestID" at 'updates[1].increment_payload': Cannot find field.`;
    const typo = await batch([
      { achievementId: ACH.standard.id, updateType: 'UNLOCK' },
      { achievementId: ACH.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: 2, requestID: '5' } },
    ]);
    expect(typo.body).toEqual({
      error: {
        code: 400,
        message,
        errors: [{ message, domain: 'global', reason: 'invalid' }],
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'updates[1].increment_payload', description: message }] }],
      },
    });
    const atRoot = await post('/games/v1/achievements/updateMultiple', token, { updates: [], update: [] });
    expect(atRoot.body.error.message).toBe('Invalid JSON payload received. Unknown name "update": Cannot find field.');
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'REVEALED' });

    const snake = await batch([
      { achievement_id: ACH.incremental.id, update_type: 'INCREMENT', increment_payload: { steps: 2, request_id: '6' } },
      { achievement_id: ACH.incremental.id, update_type: 'SET_STEPS_AT_LEAST', set_steps_at_least_payload: { steps: 3 } },
    ]);
    expect(snake.status).toBe(200);
    expect(snake.body.updatedAchievements.map((u: { currentSteps: number }) => u.currentSteps)).toEqual([2, 3]);
  });

  it('answers 400 for a missing or non-JSON body', async () => {
    const missing = await post('/games/v1/achievements/updateMultiple');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    const garbage = await emulator.app.inject({
      method: 'POST',
      url: '/games/v1/achievements/updateMultiple',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"updates": [',
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toEqual(envelope(400, 'INVALID_ARGUMENT', 'parseError', 'Invalid JSON payload received.'));
  });
});
