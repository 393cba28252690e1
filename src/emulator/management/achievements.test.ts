import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEVELOPER, OTHER_APP, REGULAR, TESTER, api, envelope, progressOf, signIn, startEmulator } from '../test-support/harness.js';

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
const games = (path: string) => `/games/v1/${path}`;
const mgmt = (path: string) => `/games/v1management/${path}`;

async function progress(token: string) {
  await post(games(`achievements/${ACH.standard.id}/unlock`), token);
  await post(games(`achievements/${ACH.incremental.id}/increment?stepsToIncrement=4`), token);
  await post(games(`achievements/${ACH.draftIncremental.id}/increment?stepsToIncrement=2`), token);
  await post(games(`achievements/${ACH.hidden.id}/reveal`), token);
}

describe('achievements.reset (tester, own progress)', () => {
  it('resets a published achievement back to its initial state with 0 steps', async () => {
    await progress(tester);
    const reply = await post(mgmt(`achievements/${ACH.incremental.id}/reset`), tester);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'gamesManagement#achievementResetResponse',
      definitionId: ACH.incremental.id,
      currentState: 'REVEALED',
      updateOccurred: true,
    });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toEqual({ id: ACH.incremental.id, achievementState: 'REVEALED', currentSteps: 0 });
    const again = await post(mgmt(`achievements/${ACH.incremental.id}/reset`), tester);
    expect(again.body.updateOccurred).toBe(false);
    const hidden = await post(mgmt(`achievements/${ACH.hidden.id}/reset`), tester);
    expect(hidden.body).toMatchObject({ currentState: 'HIDDEN', updateOccurred: true });
  });

  it('answers 403 forbidden for a non-tester, changing nothing', async () => {
    await progress(regular);
    const reply = await post(mgmt(`achievements/${ACH.standard.id}/reset`), regular);
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual(
      envelope(
        403,
        'PERMISSION_DENIED',
        'forbidden',
        `Player ${REGULAR.playerId} is not a tester of application 918273645012; only tester accounts can reset their achievements.`,
      ),
    );
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('answers 404 for an unknown achievement or another game’s', async () => {
    const reply = await post(mgmt(`achievements/${OTHER_APP.achievements[0]!.id}/reset`), tester);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', `The requested achievement with ID ${OTHER_APP.achievements[0]!.id} was not found.`));
  });
});

describe('achievements.resetAll (tester, own progress)', () => {
  it('resets every achievement of the game, drafts and published, and reports each', async () => {
    await progress(tester);
    await progress(regular);
    const reply = await post(mgmt('achievements/reset'), tester);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('gamesManagement#achievementResetAllResponse');
    expect(reply.body.results).toHaveLength(9);
    const changed = reply.body.results.filter((result: { updateOccurred: boolean }) => result.updateOccurred).map((result: { definitionId: string }) => result.definitionId);
    expect(changed).toEqual([ACH.standard.id, ACH.incremental.id, ACH.hidden.id, ACH.draftIncremental.id]);
    expect(reply.body.results[0]).toEqual({ kind: 'gamesManagement#achievementResetResponse', definitionId: ACH.standard.id, currentState: 'REVEALED', updateOccurred: true });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draftIncremental.id)).toMatchObject({ currentSteps: 0 });
    // Nobody else's progress moved.
    expect(await progressOf(emulator.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('answers 403 for a non-tester', async () => {
    const reply = await post(mgmt('achievements/reset'), regular);
    expect(reply.status).toBe(403);
    expect(reply.body.error.errors[0].reason).toBe('forbidden');
  });
});

describe('…ForAllPlayers (developer accounts, drafts only)', () => {
  it('resetForAllPlayers resets a draft for every player and answers 204', async () => {
    await progress(tester);
    await progress(developer);
    const reply = await post(mgmt(`achievements/${ACH.draftIncremental.id}/resetForAllPlayers`), developer);
    expect(reply.status).toBe(204);
    expect(reply.raw).toBe('');
    for (const player of [TESTER, DEVELOPER]) {
      expect(await progressOf(emulator.app, player.playerId, ACH.draftIncremental.id)).toMatchObject({ currentSteps: 0 });
      expect(await progressOf(emulator.app, player.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
    }
  });

  it('answers 400 FAILED_PRECONDITION for a published achievement', async () => {
    await progress(tester);
    const reply = await post(mgmt(`achievements/${ACH.standard.id}/resetForAllPlayers`), developer);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(
      envelope(400, 'FAILED_PRECONDITION', 'invalid', `The achievement with ID ${ACH.standard.id} is published; only draft achievements can be reset for all players.`),
    );
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('answers 403 forbidden for accounts that are not developer accounts, testers included', async () => {
    for (const [token, path] of [
      [tester, `achievements/${ACH.draft.id}/resetForAllPlayers`],
      [regular, 'achievements/resetAllForAllPlayers'],
      [tester, 'achievements/resetMultipleForAllPlayers'],
    ] as const) {
      const reply = await post(mgmt(path), token, path.endsWith('resetMultipleForAllPlayers') ? { achievement_ids: [ACH.draft.id] } : undefined);
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual(envelope(403, 'PERMISSION_DENIED', 'forbidden', 'Only developer console accounts can reset achievements for all players.'));
    }
  });

  it('resetAllForAllPlayers resets just the drafts', async () => {
    await progress(tester);
    await post(games(`achievements/${ACH.draft.id}/unlock`), tester);
    const reply = await post(mgmt('achievements/resetAllForAllPlayers'), developer);
    expect(reply.status).toBe(204);
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draft.id)).toMatchObject({ achievementState: 'REVEALED' });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draftIncremental.id)).toMatchObject({ currentSteps: 0 });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 4 });
  });

  it('resetMultipleForAllPlayers refuses an unknown field name and takes achievementIds for achievement_ids', async () => {
    await post(games(`achievements/${ACH.draft.id}/unlock`), tester);
    const typo = await post(mgmt('achievements/resetMultipleForAllPlayers'), developer, { achievement_id: [ACH.draft.id] });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toBe('Invalid JSON payload received. Unknown name "achievement_id": Cannot find field.');
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draft.id)).toMatchObject({ achievementState: 'UNLOCKED' });
    const camel = await post(mgmt('achievements/resetMultipleForAllPlayers'), developer, { achievementIds: [ACH.draft.id] });
    expect(camel.status).toBe(204);
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draft.id)).toMatchObject({ achievementState: 'REVEALED' });
  });

  it('resetMultipleForAllPlayers validates every ID before resetting any', async () => {
    await progress(tester);
    await post(games(`achievements/${ACH.draft.id}/unlock`), tester);
    const mixed = await post(mgmt('achievements/resetMultipleForAllPlayers'), developer, {
      kind: 'gamesManagement#achievementResetMultipleForAllRequest',
      achievement_ids: [ACH.draft.id, ACH.incremental.id],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.status).toBe('FAILED_PRECONDITION');
    const unknown = await post(mgmt('achievements/resetMultipleForAllPlayers'), developer, { achievement_ids: [ACH.draft.id, 'CgkInope'] });
    expect(unknown.status).toBe(404);
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draft.id)).toMatchObject({ achievementState: 'UNLOCKED' });

    const ok = await post(mgmt('achievements/resetMultipleForAllPlayers'), developer, { achievement_ids: [ACH.draft.id, ACH.draftIncremental.id] });
    expect(ok.status).toBe(204);
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draft.id)).toMatchObject({ achievementState: 'REVEALED' });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.draftIncremental.id)).toMatchObject({ currentSteps: 0 });

    const badBody = await post(mgmt('achievements/resetMultipleForAllPlayers'), developer, { achievement_ids: 'nope' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'achievement_ids' });
  });
});
