import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, DEVELOPER, LB, REGULAR, TESTER, api, envelope, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

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
const submit = (token: string, boardId: string, score: number) => post(`/games/v1/leaderboards/${boardId}/scores?score=${score}`, token);
/** The boards a player has a score on (ALL_TIME), from the ground truth. */
const boardsOf = async (playerId: string) =>
  (await groundTruth(emulator.app, playerId)).scores[DEMO_APP.applicationId]
    .filter((score: { timeSpan: string }) => score.timeSpan === 'ALL_TIME')
    .map((score: { leaderboardId: string }) => score.leaderboardId);

/** Every demo player posts to the high-score board and the draft (regular players cannot post drafts). */
async function scores(): Promise<void> {
  for (const token of [regular, tester, developer]) await submit(token, LB.high.id, 10);
  for (const token of [tester, developer]) await submit(token, LB.draft.id, 10);
}

describe('scores.reset and resetAll (tester, own scores)', () => {
  it('resets a published board’s scores and names the spans that had one', async () => {
    await scores();
    const reply = await post(mgmt(`leaderboards/${LB.high.id}/scores/reset`), tester);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ kind: 'gamesManagement#playerScoreResetResponse', definitionId: LB.high.id, resetScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'] });
    expect(await boardsOf(TESTER.playerId)).toEqual([LB.draft.id]);
    expect(await boardsOf(REGULAR.playerId)).toEqual([LB.high.id]);
    expect((await post(mgmt(`leaderboards/${LB.high.id}/scores/reset`), tester)).body.resetScoreTimeSpans).toEqual([]);
  });

  it('resetAll reports every board of the game', async () => {
    await scores();
    const reply = await post(mgmt('scores/reset'), tester);
    expect(reply.body).toEqual({
      kind: 'gamesManagement#playerScoreResetAllResponse',
      results: [LB.high, LB.fastest, LB.limited, LB.draft].map((board) => ({
        kind: 'gamesManagement#playerScoreResetResponse',
        definitionId: board.id,
        resetScoreTimeSpans: board === LB.high || board === LB.draft ? ['ALL_TIME', 'WEEKLY', 'DAILY'] : [],
      })),
    });
    expect(await boardsOf(TESTER.playerId)).toEqual([]);
    expect(await boardsOf(DEVELOPER.playerId)).toEqual([LB.high.id, LB.draft.id]);
  });

  it('answers 403 forbidden for a non-tester and 404 for an unknown board, changing nothing', async () => {
    await scores();
    for (const url of [mgmt(`leaderboards/${LB.high.id}/scores/reset`), mgmt('scores/reset')]) {
      const reply = await post(url, regular);
      expect({ status: reply.status, body: reply.body }).toEqual({
        status: 403,
        body: envelope(403, 'PERMISSION_DENIED', 'forbidden', `Player ${REGULAR.playerId} is not a tester of application ${DEMO_APP.applicationId}; only tester accounts can reset their scores.`),
      });
    }
    const unknown = await post(mgmt('leaderboards/CgkInope/scores/reset'), tester);
    expect(unknown.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested leaderboard with ID CgkInope was not found.'));
    expect(await boardsOf(REGULAR.playerId)).toEqual([LB.high.id]);
  });
});

describe('scores.…ForAllPlayers (developer accounts, drafts only)', () => {
  it('resetForAllPlayers clears a draft for everyone and answers 204', async () => {
    await scores();
    const reply = await post(mgmt(`leaderboards/${LB.draft.id}/scores/resetForAllPlayers`), developer);
    expect({ status: reply.status, raw: reply.raw }).toEqual({ status: 204, raw: '' });
    for (const player of [TESTER, DEVELOPER]) expect(await boardsOf(player.playerId)).toEqual([LB.high.id]);
  });

  it('refuses a published board with 400 FAILED_PRECONDITION; resetAllForAllPlayers resets only the drafts', async () => {
    await scores();
    const published = await post(mgmt(`leaderboards/${LB.high.id}/scores/resetForAllPlayers`), developer);
    expect(published.body).toEqual(
      envelope(400, 'FAILED_PRECONDITION', 'invalid', `The leaderboard with ID ${LB.high.id} is published; only draft leaderboards can be reset for all players.`),
    );
    expect((await post(mgmt('scores/resetAllForAllPlayers'), developer)).status).toBe(204);
    for (const player of [REGULAR, TESTER, DEVELOPER]) expect(await boardsOf(player.playerId)).toEqual([LB.high.id]);
  });

  it('resetMultipleForAllPlayers checks every ID first, spelled either way', async () => {
    await scores();
    const mixed = await post(mgmt('scores/resetMultipleForAllPlayers'), developer, { leaderboard_ids: [LB.draft.id, LB.high.id] });
    expect(mixed.status).toBe(400);
    expect(await boardsOf(TESTER.playerId)).toEqual([LB.high.id, LB.draft.id]);
    const unknown = await post(mgmt('scores/resetMultipleForAllPlayers'), developer, { leaderboard_ids: [LB.draft.id, 'CgkInope'] });
    expect(unknown.status).toBe(404);
    const camel = await post(mgmt('scores/resetMultipleForAllPlayers'), developer, { kind: 'gamesManagement#scoresResetMultipleForAllRequest', leaderboardIds: [LB.draft.id] });
    expect(camel.status).toBe(204);
    expect(await boardsOf(TESTER.playerId)).toEqual([LB.high.id]);
    const typo = await post(mgmt('scores/resetMultipleForAllPlayers'), developer, { leaderboard_id: [LB.draft.id] });
    expect(typo.body.error.message).toBe('Invalid JSON payload received. Unknown name "leaderboard_id": Cannot find field.');
  });

  it('answers 403 forbidden for a tester who is not a developer, changing nothing', async () => {
    await scores();
    const calls: Array<[string, unknown]> = [
      [mgmt(`leaderboards/${LB.draft.id}/scores/resetForAllPlayers`), undefined],
      [mgmt('scores/resetAllForAllPlayers'), undefined],
      [mgmt('scores/resetMultipleForAllPlayers'), { leaderboard_ids: [LB.draft.id] }],
    ];
    for (const [url, body] of calls) {
      const reply = await post(url, tester, body);
      expect({ url, status: reply.status, body: reply.body }).toEqual({
        url,
        status: 403,
        body: envelope(403, 'PERMISSION_DENIED', 'forbidden', 'Only developer console accounts can reset scores for all players.'),
      });
    }
    expect(await boardsOf(TESTER.playerId)).toEqual([LB.high.id, LB.draft.id]);
  });
});
