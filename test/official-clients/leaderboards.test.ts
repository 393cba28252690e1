/**
 * googleapis `games.leaderboards`, `games.scores` and `gamesManagement.scores` / `players` against
 * the emulator: Google's shapes and `kind`s, int64 strings, best score only in both orders, score
 * limits, DAILY and WEEKLY spans on Google's schedule (midnight UTC-7) moved by `clock:advance`,
 * ranks, windows, FRIENDS, hidden players, drafts, resets and their refusals, bad input.
 * The suite knows the seed only through the control API (`GET /applications` lists the boards).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ControlLeaderboard, ControlPlayer } from '../../src/emulator/index.js';
import { expectGoogleError, signIn, startEmulator } from './harness.js';
import type { Emulator, SignedIn } from './harness.js';

let emulator: Emulator;
/** The boards the demo seed promises: two published orders, one with limits, a draft. */
let boards: { larger: ControlLeaderboard; smaller: ControlLeaderboard; limited: ControlLeaderboard; draft: ControlLeaderboard };

beforeAll(async () => {
  emulator = await startEmulator();
  const all = emulator.apps[0]!.leaderboards;
  const published = all.filter((b) => b.published);
  const larger = published.find((b) => b.order === 'LARGER_IS_BETTER' && b.scoreMin === undefined && b.scoreMax === undefined);
  const smaller = published.find((b) => b.order === 'SMALLER_IS_BETTER');
  const limited = published.find((b) => b.scoreMin !== undefined && b.scoreMax !== undefined);
  const draft = all.find((b) => !b.published);
  if (!larger || !smaller || !limited || !draft) throw new Error(`demo seed lacks a leaderboard the contract promises: ${JSON.stringify(all)}`);
  boards = { larger, smaller, limited, draft };
});
afterAll(async () => {
  await emulator.close();
});
// Boards are shared by every player: each test starts from the seed, with the clock at wall time.
beforeEach(async () => {
  await emulator.control.reset();
});

const DAY_MS = 24 * 3_600_000;
/** Google: daily boards reset at midnight UTC-7 all year, weekly ones between Saturday and Sunday. */
function nextDailyReset(now: number): number {
  const sevenUtc = 7 * 3_600_000;
  return Math.floor((now - sevenUtc) / DAY_MS) * DAY_MS + sevenUtc + DAY_MS;
}
function nextWeeklyReset(now: number): number {
  let reset = nextDailyReset(now);
  while (new Date(reset).getUTCDay() !== 0) reset += DAY_MS;
  return reset;
}

/** Moves the emulator clock to `seconds` before `instant`. */
async function advanceTo(instant: number, secondsBefore: number): Promise<void> {
  const now = Date.parse((await emulator.control.clock()).now);
  await emulator.control.advanceClock((instant - now) / 1000 - secondsBefore);
}

async function player(input: Parameters<typeof emulator.control.createPlayer>[0] = {}): Promise<SignedIn> {
  return signIn(emulator, await emulator.control.createPlayer(input));
}

/** The player's bests on the demo game, as the emulator holds them. */
async function truth(who: ControlPlayer): Promise<Array<{ leaderboardId: string; timeSpan: string; score: number; scoreTag?: string }>> {
  return (await emulator.control.player(who.playerId)).scores[emulator.apps[0]!.applicationId]!;
}

describe('leaderboards.list and leaderboards.get', () => {
  it('list the published boards with Google’s shape; drafts only for testers', async () => {
    const { games } = await player();
    const { data, status } = await games.leaderboards.list({});
    expect(status).toBe(200);
    expect(data.kind).toBe('games#leaderboardListResponse');
    expect(data.items!.map((b) => b.id)).toEqual(emulator.apps[0]!.leaderboards.filter((b) => b.published).map((b) => b.id));
    for (const board of data.items!) {
      expect(board).toEqual({ kind: 'games#leaderboard', id: expect.any(String), name: expect.any(String), iconUrl: expect.stringMatching(/^https?:\/\//), isIconUrlDefault: expect.any(Boolean), order: expect.stringMatching(/^(LARGER|SMALLER)_IS_BETTER$/) });
    }
    const tester = await player({ tester: true });
    expect((await tester.games.leaderboards.list({})).data.items!.map((b) => b.id)).toContain(boards.draft.id);

    const one = await games.leaderboards.get({ leaderboardId: boards.smaller.id });
    expect(one.data).toMatchObject({ id: boards.smaller.id, name: boards.smaller.name, order: 'SMALLER_IS_BETTER' });
    await expectGoogleError(games.leaderboards.get({ leaderboardId: boards.draft.id }), 404, 'notFound');
    await expectGoogleError(games.leaderboards.get({ leaderboardId: 'CgkIunknown' }), 404, 'notFound');
  });

  it('page with maxResults and pageToken', async () => {
    const { games } = await player({ tester: true });
    const first = (await games.leaderboards.list({ maxResults: 2 })).data;
    const second = (await games.leaderboards.list({ maxResults: 2, pageToken: first.nextPageToken! })).data;
    expect([...first.items!, ...second.items!].map((b) => b.id)).toEqual(emulator.apps[0]!.leaderboards.map((b) => b.id));
    expect(second.nextPageToken).toBeUndefined();
  });
});

describe('scores.submit and submitMultiple', () => {
  it('keep only the best score on a LARGER_IS_BETTER board', async () => {
    const session = await player();
    const first = await session.games.scores.submit({ leaderboardId: boards.larger.id, score: '1500', scoreTag: 'level-3' });
    expect(first.data).toEqual({
      kind: 'games#playerScoreResponse',
      leaderboardId: boards.larger.id,
      formattedScore: expect.any(String),
      scoreTag: 'level-3',
      beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'],
      unbeatenScores: [],
    });
    const worse = await session.games.scores.submit({ leaderboardId: boards.larger.id, score: '900' });
    expect(worse.data.beatenScoreTimeSpans).toEqual([]);
    expect(worse.data.unbeatenScores!.map((s) => [s.kind, s.timeSpan, s.score, s.scoreTag])).toEqual([
      ['games#playerScore', 'ALL_TIME', '1500', 'level-3'],
      ['games#playerScore', 'WEEKLY', '1500', 'level-3'],
      ['games#playerScore', 'DAILY', '1500', 'level-3'],
    ]);
    expect((await truth(session.player)).map((s) => s.score)).toEqual([1500, 1500, 1500]);
  });

  it('keep only the best (lowest) time on a SMALLER_IS_BETTER board, from a submitMultiple batch too', async () => {
    const session = await player();
    const { data } = await session.games.scores.submitMultiple({
      requestBody: {
        kind: 'games#playerScoreSubmissionList',
        scores: [
          { kind: 'games#scoreSubmission', leaderboardId: boards.smaller.id, score: '70000' },
          { kind: 'games#scoreSubmission', leaderboardId: boards.smaller.id, score: '80000' },
          { kind: 'games#scoreSubmission', leaderboardId: boards.smaller.id, score: '65000', scoreTag: 'best' },
        ],
      },
    });
    expect(data.kind).toBe('games#playerScoreListResponse');
    expect(data.submittedScores!.map((s) => s.beatenScoreTimeSpans!.length)).toEqual([3, 0, 3]);
    expect(await truth(session.player)).toEqual(['ALL_TIME', 'WEEKLY', 'DAILY'].map((timeSpan) => ({ leaderboardId: boards.smaller.id, timeSpan, score: 65000, scoreTag: 'best' })));
  });

  it('do not record a score outside scoreMin/scoreMax', async () => {
    const session = await player();
    const { scoreMin, scoreMax } = boards.limited;
    for (const outside of [scoreMin! - 1, scoreMax! + 1]) {
      const { data, status } = await session.games.scores.submit({ leaderboardId: boards.limited.id, score: String(outside) });
      expect({ status, beaten: data.beatenScoreTimeSpans }).toEqual({ status: 200, beaten: [] });
    }
    expect(await truth(session.player)).toEqual([]);
    await session.games.scores.submit({ leaderboardId: boards.limited.id, score: String(scoreMax) });
    expect((await truth(session.player)).map((s) => s.score)).toEqual([scoreMax, scoreMax, scoreMax]);
  });

  it('refuse a bad scoreTag, a non-numeric score, an unknown board and a draft, with Google’s errors', async () => {
    const { games, player: who } = await player();
    const tag = await expectGoogleError(games.scores.submit({ leaderboardId: boards.larger.id, score: '1', scoreTag: 'not allowed!' }), 400, 'invalid');
    expect(tag.response?.data.error.message).toMatch(/^Invalid value at 'score_tag'/);
    const score = await expectGoogleError(games.scores.submit({ leaderboardId: boards.larger.id, score: 'lots' }), 400, 'invalid');
    expect(score.response?.data.error.message).toBe(`Invalid value at 'score' (TYPE_INT64), "lots"`);
    const unknown = await expectGoogleError(games.scores.submit({ leaderboardId: 'CgkIunknown', score: '1' }), 404, 'notFound');
    expect(unknown.response?.data.error.message).toBe('The requested leaderboard with ID CgkIunknown was not found.');
    await expectGoogleError(games.scores.submit({ leaderboardId: boards.draft.id, score: '1' }), 404, 'notFound');
    await expectGoogleError(
      games.scores.submitMultiple({ requestBody: { scores: [{ leaderboardId: boards.larger.id, score: '5' }, { leaderboardId: 'CgkIunknown', score: '5' }] } }),
      404,
      'notFound',
    );
    expect(await truth(who)).toEqual([]);
  });
});

describe('time spans on the emulator clock', () => {
  it('start a new DAILY span at 07:00 UTC, keeping the week and all time', async () => {
    // Not on a Sunday: then the day boundary is a week boundary too.
    const now = Date.parse((await emulator.control.clock()).now);
    let dayEnd = nextDailyReset(now);
    if (new Date(dayEnd).getUTCDay() === 0) dayEnd += DAY_MS;
    await advanceTo(dayEnd, 60);
    const before = await player();
    await before.games.scores.submit({ leaderboardId: boards.larger.id, score: '500' });
    await emulator.control.advanceClock(120);
    const after = await signIn(emulator, before.player);
    const { data } = await after.games.scores.get({ playerId: 'me', leaderboardId: boards.larger.id, timeSpan: 'ALL' });
    expect(data.items!.map((s) => s.timeSpan)).toEqual(['ALL_TIME', 'WEEKLY']);
    const daily = (await after.games.scores.list({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'DAILY' })).data;
    expect({ items: daily.items, numScores: daily.numScores }).toEqual({ items: [], numScores: '0' });
    const lower = await after.games.scores.submit({ leaderboardId: boards.larger.id, score: '100' });
    expect(lower.data.beatenScoreTimeSpans).toEqual(['DAILY']);
  });

  it('start a new WEEKLY span between Saturday and Sunday at midnight UTC-7', async () => {
    await advanceTo(nextWeeklyReset(Date.parse((await emulator.control.clock()).now)), 60);
    const before = await player();
    await before.games.scores.submit({ leaderboardId: boards.smaller.id, score: '60000' });
    await emulator.control.advanceClock(120);
    const after = await signIn(emulator, before.player);
    const weekly = (await after.games.scores.get({ playerId: 'me', leaderboardId: 'ALL', timeSpan: 'WEEKLY' })).data;
    expect(weekly.items).toEqual([]);
    const slower = await after.games.scores.submit({ leaderboardId: boards.smaller.id, score: '61000' });
    expect(slower.data.beatenScoreTimeSpans).toEqual(['WEEKLY', 'DAILY']);
    expect(slower.data.unbeatenScores).toEqual([expect.objectContaining({ timeSpan: 'ALL_TIME', score: '60000' })]);
  });
});

describe('scores.list, listWindow and get', () => {
  /** Five players with 50, 40, 30, 20, 10 on the larger board. */
  async function fiveOnTheBoard(): Promise<SignedIn[]> {
    const sessions: SignedIn[] = [];
    for (const score of [50, 40, 30, 20, 10]) {
      const session = await player();
      await session.games.scores.submit({ leaderboardId: boards.larger.id, score: String(score) });
      sessions.push(session);
    }
    return sessions;
  }

  it('list ranks PUBLIC best first, with int64 strings and the caller’s playerScore, and pages', async () => {
    const sessions = await fiveOnTheBoard();
    const third = sessions[2]!;
    const { data } = await third.games.scores.list({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', maxResults: 2 });
    expect(data.kind).toBe('games#leaderboardScores');
    expect(data.numScores).toBe('5');
    expect(data.items!.map((e) => [e.kind, e.scoreValue, e.scoreRank, e.player?.playerId])).toEqual([
      ['games#leaderboardEntry', '50', '1', sessions[0]!.player.playerId],
      ['games#leaderboardEntry', '40', '2', sessions[1]!.player.playerId],
    ]);
    expect(data.items![0]!.writeTimestampMillis).toMatch(/^[0-9]{13}$/);
    expect(data.playerScore).toMatchObject({ scoreValue: '30', scoreRank: '3', formattedScoreRank: '3', timeSpan: 'ALL_TIME' });
    const next = (await third.games.scores.list({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', maxResults: 2, pageToken: data.nextPageToken! })).data;
    expect(next.items!.map((e) => e.scoreValue)).toEqual(['30', '20']);
    expect(next.prevPageToken).toEqual(expect.any(String));
  });

  it('listWindow answers the scores around the caller, or the top when they have none', async () => {
    const sessions = await fiveOnTheBoard();
    const window = (await sessions[3]!.games.scores.listWindow({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', maxResults: 3, resultsAbove: 1 })).data;
    expect(window.items!.map((e) => e.scoreRank)).toEqual(['3', '4', '5']);
    const newcomer = await player();
    const top = (await newcomer.games.scores.listWindow({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', maxResults: 2 })).data;
    expect(top.items!.map((e) => e.scoreValue)).toEqual(['50', '40']);
    const none = (await newcomer.games.scores.listWindow({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', returnTopIfAbsent: false })).data;
    expect(none.items).toEqual([]);
    await expectGoogleError(newcomer.games.scores.listWindow({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', maxResults: 2, resultsAbove: 5 }), 400, 'invalid');
  });

  it('get adds ranks only as includeRankType asks, and answers 200 without a span that has no score', async () => {
    const sessions = await fiveOnTheBoard();
    const games = sessions[1]!.games;
    const plain = (await games.scores.get({ playerId: 'me', leaderboardId: boards.larger.id, timeSpan: 'DAILY' })).data;
    expect(plain.kind).toBe('games#playerLeaderboardScoreListResponse');
    expect(plain.player?.playerId).toBe(sessions[1]!.player.playerId);
    expect(plain.items).toEqual([
      { kind: 'games#playerLeaderboardScore', leaderboard_id: boards.larger.id, scoreValue: '40', scoreString: expect.any(String), timeSpan: 'DAILY', writeTimestamp: expect.stringMatching(/^[0-9]{13}$/) },
    ]);
    const ranked = (await games.scores.get({ playerId: 'me', leaderboardId: boards.larger.id, timeSpan: 'DAILY', includeRankType: 'PUBLIC' })).data;
    expect(ranked.items![0]!.publicRank).toEqual({ kind: 'games#leaderboardScoreRank', rank: '2', formattedRank: '2', numScores: '5', formattedNumScores: '5' });
    expect((await games.scores.get({ playerId: 'me', leaderboardId: boards.smaller.id, timeSpan: 'ALL_TIME' })).data.items).toEqual([]);
    await expectGoogleError(games.scores.get({ playerId: 'me', leaderboardId: 'ALL', timeSpan: 'ALL' }), 400, 'invalid');
  });

  it('FRIENDS holds the caller and their friends; a player who does not share their profile is off PUBLIC', async () => {
    const me = await player();
    const friend = await player({ profileVisible: false });
    const stranger = await player();
    await emulator.control.addFriend(me.player.playerId, friend.player.playerId);
    for (const [session, score] of [[me, '10'], [friend, '20'], [stranger, '30']] as const) {
      await session.games.scores.submit({ leaderboardId: boards.larger.id, score });
    }
    const friends = (await me.games.scores.list({ leaderboardId: boards.larger.id, collection: 'FRIENDS', timeSpan: 'ALL_TIME' })).data;
    expect(friends.items!.map((e) => [e.player?.playerId, e.scoreRank])).toEqual([
      [friend.player.playerId, '1'],
      [me.player.playerId, '2'],
    ]);
    expect(friends.items![0]!.player?.friendStatus).toBe('FRIEND');
    const everyone = (await me.games.scores.list({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME' })).data;
    expect(everyone.items!.map((e) => e.player?.playerId)).toEqual([stranger.player.playerId, me.player.playerId]);
    const own = (await friend.games.scores.list({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME' })).data;
    expect(own.playerScore).toMatchObject({ scoreValue: '20' });
    expect(own.playerScore?.scoreRank).toBeUndefined();
  });
});

describe('Management: hidden players and score resets', () => {
  it('players.hide takes a player off the boards (listHidden lists them); unhide brings them back; only developers may', async () => {
    const cheat = await player();
    const honest = await player();
    await cheat.games.scores.submit({ leaderboardId: boards.larger.id, score: '999999' });
    await honest.games.scores.submit({ leaderboardId: boards.larger.id, score: '10' });
    const developer = await player({ developer: true });
    const applicationId = emulator.apps[0]!.applicationId;
    await expectGoogleError(honest.management.players.hide({ applicationId, playerId: cheat.player.playerId }), 403, 'forbidden');

    expect((await developer.management.players.hide({ applicationId, playerId: cheat.player.playerId })).status).toBe(204);
    const listed = async () =>
      (await honest.games.scores.list({ leaderboardId: boards.larger.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME' })).data.items!.map((e) => e.player?.playerId);
    expect(await listed()).toEqual([honest.player.playerId]);
    expect((await emulator.control.player(cheat.player.playerId)).hiddenInApplications).toEqual([applicationId]);
    const hiddenList = (await developer.management.applications.listHidden({ applicationId })).data;
    expect(hiddenList.kind).toBe('gamesManagement#hiddenPlayerList');
    expect(hiddenList.items!.map((h) => [h.kind, h.player?.kind, h.player?.playerId])).toEqual([['gamesManagement#hiddenPlayer', 'gamesManagement#player', cheat.player.playerId]]);
    expect(hiddenList.items![0]!.hiddenTimeMillis).toMatch(/^[0-9]{13}$/);

    expect((await developer.management.players.unhide({ applicationId, playerId: cheat.player.playerId })).status).toBe(204);
    expect(await listed()).toEqual([cheat.player.playerId, honest.player.playerId]);
  });

  it('a tester resets their own scores; others are refused', async () => {
    const tester = await player({ tester: true });
    await tester.games.scores.submit({ leaderboardId: boards.larger.id, score: '5' });
    await tester.games.scores.submit({ leaderboardId: boards.draft.id, score: '5' });
    const one = await tester.management.scores.reset({ leaderboardId: boards.larger.id });
    expect(one.data).toEqual({ kind: 'gamesManagement#playerScoreResetResponse', definitionId: boards.larger.id, resetScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'] });
    const all = await tester.management.scores.resetAll();
    expect(all.data.kind).toBe('gamesManagement#playerScoreResetAllResponse');
    expect(all.data.results!.find((r) => r.definitionId === boards.draft.id)?.resetScoreTimeSpans).toEqual(['ALL_TIME', 'WEEKLY', 'DAILY']);
    expect(await truth(tester.player)).toEqual([]);

    const regular = await player();
    await regular.games.scores.submit({ leaderboardId: boards.larger.id, score: '5' });
    await expectGoogleError(regular.management.scores.reset({ leaderboardId: boards.larger.id }), 403, 'forbidden');
    await expectGoogleError(regular.management.scores.resetAll(), 403, 'forbidden');
    expect(await truth(regular.player)).toHaveLength(3);
  });

  it('a developer resets draft boards for all players, never a published one', async () => {
    const tester = await player({ tester: true });
    await tester.games.scores.submit({ leaderboardId: boards.draft.id, score: '5' });
    await tester.games.scores.submit({ leaderboardId: boards.larger.id, score: '5' });
    const developer = await player({ developer: true });

    await expectGoogleError(tester.management.scores.resetForAllPlayers({ leaderboardId: boards.draft.id }), 403, 'forbidden');
    await expectGoogleError(developer.management.scores.resetForAllPlayers({ leaderboardId: boards.larger.id }), 400, 'invalid', 'FAILED_PRECONDITION');
    await expectGoogleError(
      developer.management.scores.resetMultipleForAllPlayers({ requestBody: { leaderboard_ids: [boards.draft.id, boards.larger.id] } }),
      400,
      'invalid',
      'FAILED_PRECONDITION',
    );
    expect((await truth(tester.player)).map((s) => s.leaderboardId)).toEqual([boards.larger.id, boards.larger.id, boards.larger.id, boards.draft.id, boards.draft.id, boards.draft.id]);

    expect((await developer.management.scores.resetMultipleForAllPlayers({ requestBody: { kind: 'gamesManagement#scoresResetMultipleForAllRequest', leaderboard_ids: [boards.draft.id] } })).status).toBe(204);
    expect((await truth(tester.player)).map((s) => s.leaderboardId)).toEqual([boards.larger.id, boards.larger.id, boards.larger.id]);
    await tester.games.scores.submit({ leaderboardId: boards.draft.id, score: '6' });
    expect((await developer.management.scores.resetForAllPlayers({ leaderboardId: boards.draft.id })).status).toBe(204);
    await tester.games.scores.submit({ leaderboardId: boards.draft.id, score: '7' });
    expect((await developer.management.scores.resetAllForAllPlayers()).status).toBe(204);
    expect((await truth(tester.player)).map((s) => s.leaderboardId)).toEqual([boards.larger.id, boards.larger.id, boards.larger.id]);
  });
});
