import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, LB, OTHER_APP, REGULAR, TESTER, api, call, envelope, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

/** Sunday 06:30 UTC: Saturday 23:30 at UTC-7, half an hour before a new day and a new week. */
const WALL = Date.parse('2026-12-06T06:30:00.000Z');

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ now: () => WALL });
});

let token: string;
beforeEach(async () => {
  emulator.state.reset();
  token = (await signIn(emulator.app)).access_token;
});

const submit = (as: string, boardId: string, score: string | number, tag?: string) =>
  api(emulator.app, 'POST', `/games/v1/leaderboards/${boardId}/scores?score=${score}${tag === undefined ? '' : `&scoreTag=${tag}`}`, as);
const get = (as: string, url: string) => api(emulator.app, 'GET', url, as);
const list = (as: string, boardId: string, collection: string, query: string) => get(as, `/games/v1/leaderboards/${boardId}/scores/${collection}?${query}`);
const windowOf = (as: string, boardId: string, collection: string, query: string) => get(as, `/games/v1/leaderboards/${boardId}/window/${collection}?${query}`);
const scoresOf = async (playerId: string) => (await groundTruth(emulator.app, playerId)).scores[DEMO_APP.applicationId];
/** Moves the emulator clock, and signs REGULAR in again (an access token lives an hour). */
async function advance(seconds: number): Promise<void> {
  await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds });
  token = (await signIn(emulator.app)).access_token;
}

/** A new player (profile shared unless told) signed in to the demo game. */
async function newPlayer(name: string, extra: Record<string, unknown> = {}): Promise<{ playerId: string; token: string }> {
  const created = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: name, ...extra });
  const { access_token } = await signIn(emulator.app, { playerId: created.body.playerId });
  return { playerId: created.body.playerId, token: access_token };
}

const ids = (items: Array<{ player: { displayName: string } }>) => items.map((item) => item.player.displayName);

describe('scores.submit', () => {
  it('records a first score in every span and answers Google’s PlayerScoreResponse', async () => {
    const reply = await submit(token, LB.high.id, 1200, 'run-1.a_b~');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#playerScoreResponse',
      leaderboardId: LB.high.id,
      formattedScore: '1200 points',
      scoreTag: 'run-1.a_b~',
      beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'],
      unbeatenScores: [],
    });
    expect(await scoresOf(REGULAR.playerId)).toEqual(
      ['ALL_TIME', 'WEEKLY', 'DAILY'].map((timeSpan) => ({ leaderboardId: LB.high.id, timeSpan, score: 1200, scoreTag: 'run-1.a_b~' })),
    );
  });

  it('keeps only the best on a LARGER_IS_BETTER board: a lower or equal score beats nothing', async () => {
    await submit(token, LB.high.id, 500, 'first');
    for (const worse of [499, 500]) {
      const reply = await submit(token, LB.high.id, worse, 'worse');
      expect(reply.body.beatenScoreTimeSpans).toEqual([]);
      expect(reply.body.unbeatenScores).toEqual(
        ['ALL_TIME', 'WEEKLY', 'DAILY'].map((timeSpan) => ({ kind: 'games#playerScore', score: '500', formattedScore: '500 points', scoreTag: 'first', timeSpan })),
      );
    }
    expect((await submit(token, LB.high.id, 501)).body.beatenScoreTimeSpans).toEqual(['ALL_TIME', 'WEEKLY', 'DAILY']);
    expect((await scoresOf(REGULAR.playerId)).map((score: { score: number }) => score.score)).toEqual([501, 501, 501]);
  });

  it('keeps only the best on a SMALLER_IS_BETTER board (a time in ms)', async () => {
    await submit(token, LB.fastest.id, 66032);
    const slower = await submit(token, LB.fastest.id, 70000);
    expect(slower.body).toMatchObject({ formattedScore: '1:10.00', beatenScoreTimeSpans: [] });
    expect(slower.body.unbeatenScores[0]).toEqual({ kind: 'games#playerScore', score: '66032', formattedScore: '1:06.03', timeSpan: 'ALL_TIME' });
    expect((await submit(token, LB.fastest.id, 65000)).body.beatenScoreTimeSpans).toEqual(['ALL_TIME', 'WEEKLY', 'DAILY']);
    expect((await scoresOf(REGULAR.playerId))[0]).toEqual({ leaderboardId: LB.fastest.id, timeSpan: 'ALL_TIME', score: 65000 });
  });

  it('does not record a score outside scoreMin/scoreMax; the limits themselves count', async () => {
    for (const outside of [0, 100001, -5]) {
      const reply = await submit(token, LB.limited.id, outside);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ leaderboardId: LB.limited.id, beatenScoreTimeSpans: [], unbeatenScores: [] });
    }
    expect(await scoresOf(REGULAR.playerId)).toEqual([]);
    expect((await submit(token, LB.limited.id, 1)).body.beatenScoreTimeSpans).toHaveLength(3);
    expect((await submit(token, LB.limited.id, 100000)).body.beatenScoreTimeSpans).toHaveLength(3);
    const dropped = await submit(token, LB.limited.id, 100001);
    expect(dropped.body.unbeatenScores.map((score: { score: string }) => score.score)).toEqual(['100000', '100000', '100000']);
  });

  it('starts new DAILY and WEEKLY spans at midnight UTC-7 on the emulator clock', async () => {
    await submit(token, LB.high.id, 500);
    await advance(3600); // Sunday 07:30 UTC: a new day and a new week
    const fresh = await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/ALL`);
    expect(fresh.body.items.map((item: { timeSpan: string }) => item.timeSpan)).toEqual(['ALL_TIME']);
    const lower = await submit(token, LB.high.id, 100);
    expect(lower.body.beatenScoreTimeSpans).toEqual(['WEEKLY', 'DAILY']);
    expect(lower.body.unbeatenScores).toEqual([expect.objectContaining({ score: '500', timeSpan: 'ALL_TIME' })]);
    await advance(24 * 3600); // Monday: a new day, the same week
    expect((await submit(token, LB.high.id, 50)).body.beatenScoreTimeSpans).toEqual(['DAILY']);
    expect((await scoresOf(REGULAR.playerId)).map((score: { timeSpan: string; score: number }) => [score.timeSpan, score.score])).toEqual([
      ['ALL_TIME', 500],
      ['WEEKLY', 100],
      ['DAILY', 50],
    ]);
    expect((await list(token, LB.high.id, 'PUBLIC', 'timeSpan=WEEKLY')).body.items[0].scoreValue).toBe('100');
  });

  it('refuses bad input with Google’s 400 and records nothing', async () => {
    const cases: Array<[string, unknown]> = [
      [`score=12abc`, envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'score' (TYPE_INT64), "12abc"`, { location: 'score', locationType: 'parameter' })],
      [`score=9223372036854775808`, envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'score' (TYPE_INT64), "9223372036854775808"`, { location: 'score', locationType: 'parameter' })],
      ['', envelope(400, 'INVALID_ARGUMENT', 'required', 'Required parameter: score', { location: 'score', locationType: 'parameter' })],
    ];
    for (const [query, body] of cases) {
      const reply = await api(emulator.app, 'POST', `/games/v1/leaderboards/${LB.high.id}/scores?${query}`, token);
      expect({ query, status: reply.status, body: reply.body }).toEqual({ query, status: 400, body });
    }
    const tag = await submit(token, LB.high.id, 10, 'has%20space');
    expect(tag.status).toBe(400);
    expect(tag.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Invalid value at 'score_tag' \(TYPE_STRING\), "has space"/) });
    expect((await submit(token, LB.high.id, 10, 'x'.repeat(65))).status).toBe(400);
    expect(await scoresOf(REGULAR.playerId)).toEqual([]);
  });

  it('answers 404 for an unknown board, another game’s, and a draft for a regular player; testers may submit to drafts', async () => {
    for (const id of ['CgkInope', LB.otherGame.id, LB.draft.id]) {
      const reply = await submit(token, id, 1);
      expect({ status: reply.status, body: reply.body }).toEqual({
        status: 404,
        body: envelope(404, 'NOT_FOUND', 'notFound', `The requested leaderboard with ID ${id} was not found.`),
      });
    }
    const tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
    expect((await submit(tester, LB.draft.id, 7)).body.beatenScoreTimeSpans).toHaveLength(3);
    expect(await scoresOf(REGULAR.playerId)).toEqual([]);
  });

  it('keeps each game’s boards apart', async () => {
    const other = (await signIn(emulator.app, { clientId: OTHER_APP.webClientId })).access_token;
    await submit(other, LB.otherGame.id, 90000);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).scores).toEqual({
      [DEMO_APP.applicationId]: [],
      [OTHER_APP.applicationId]: ['ALL_TIME', 'WEEKLY', 'DAILY'].map((timeSpan) => ({ leaderboardId: LB.otherGame.id, timeSpan, score: 90000 })),
    });
  });
});

describe('scores.submitMultiple', () => {
  it('records each item in order, spelled either way, and answers one PlayerScoreResponse each', async () => {
    const reply = await api(emulator.app, 'POST', '/games/v1/leaderboards/scores', token, {
      kind: 'games#playerScoreSubmissionList',
      scores: [
        { kind: 'games#scoreSubmission', leaderboardId: LB.high.id, score: '300', scoreTag: 'a', signature: 'ignored' },
        { leaderboard_id: LB.high.id, score: 200, score_tag: 'b' },
        { leaderboardId: LB.fastest.id, score: '1000' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#playerScoreListResponse');
    expect(reply.body.submittedScores.map((item: { leaderboardId: string; beatenScoreTimeSpans: string[] }) => [item.leaderboardId, item.beatenScoreTimeSpans.length])).toEqual([
      [LB.high.id, 3],
      [LB.high.id, 0],
      [LB.fastest.id, 3],
    ]);
    expect(reply.body.submittedScores[1]).toMatchObject({ kind: 'games#playerScoreResponse', scoreTag: 'b', formattedScore: '200 points' });
  });

  it('checks every item first: a bad one rejects the batch and records nothing', async () => {
    const unknownBoard = await api(emulator.app, 'POST', '/games/v1/leaderboards/scores', token, {
      scores: [{ leaderboardId: LB.high.id, score: '1' }, { leaderboardId: 'CgkInope', score: '2' }],
    });
    expect(unknownBoard.status).toBe(404);
    const badScore = await api(emulator.app, 'POST', '/games/v1/leaderboards/scores', token, {
      scores: [{ leaderboardId: LB.high.id, score: '1' }, { leaderboardId: LB.high.id, score: 'ten' }],
    });
    expect(badScore.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'scores[1].score' (TYPE_INT64), "ten"`, { location: 'scores[1].score', locationType: 'parameter' }),
    );
    const unknownField = await api(emulator.app, 'POST', '/games/v1/leaderboards/scores', token, { scores: [{ leaderboardId: LB.high.id, scor: '1' }] });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toBe(`Invalid JSON payload received. Unknown name "scor" at 'scores[0]': Cannot find field.`);
    expect(await scoresOf(REGULAR.playerId)).toEqual([]);
  });
});

describe('scores.list', () => {
  it('ranks the PUBLIC collection best first in both orders, with numScores and the caller’s playerScore', async () => {
    const ada = await newPlayer('Ada');
    const bob = await newPlayer('Bob');
    await submit(ada.token, LB.high.id, 900);
    await submit(bob.token, LB.high.id, 100);
    await submit(token, LB.high.id, 500);
    const high = await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME');
    expect(high.status).toBe(200);
    expect(high.body).toMatchObject({ kind: 'games#leaderboardScores', numScores: '3' });
    expect(ids(high.body.items)).toEqual(['Ada', REGULAR.displayName, 'Bob']);
    expect(high.body.items[1]).toEqual({
      kind: 'games#leaderboardEntry',
      player: expect.objectContaining({ kind: 'games#player', playerId: REGULAR.playerId }),
      scoreValue: '500',
      formattedScore: '500 points',
      scoreRank: '2',
      formattedScoreRank: '2',
      timeSpan: 'ALL_TIME',
      writeTimestampMillis: String(WALL),
    });
    expect(high.body.playerScore).toEqual(high.body.items[1]);
    expect(high.body).not.toHaveProperty('nextPageToken');

    await submit(ada.token, LB.fastest.id, 9000);
    await submit(bob.token, LB.fastest.id, 3000);
    const fastest = await list(token, LB.fastest.id, 'PUBLIC', 'timeSpan=DAILY');
    expect(ids(fastest.body.items)).toEqual(['Bob', 'Ada']);
    expect(fastest.body).not.toHaveProperty('playerScore');
  });

  it('ranks a tie by who got there first', async () => {
    const first = await newPlayer('First');
    await submit(first.token, LB.high.id, 10);
    await advance(1);
    await submit(token, LB.high.id, 10);
    expect(ids((await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME')).body.items)).toEqual(['First', REGULAR.displayName]);
  });

  it('pages both ways with maxResults, nextPageToken and prevPageToken', async () => {
    for (const [name, score] of [['P1', 50], ['P2', 40], ['P3', 30], ['P4', 20], ['P5', 10]] as const) {
      await submit((await newPlayer(name)).token, LB.high.id, score);
    }
    const first = await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME&maxResults=2');
    expect(ids(first.body.items)).toEqual(['P1', 'P2']);
    expect(first.body).not.toHaveProperty('prevPageToken');
    const second = await list(token, LB.high.id, 'PUBLIC', `timeSpan=ALL_TIME&maxResults=2&pageToken=${first.body.nextPageToken}`);
    expect(ids(second.body.items)).toEqual(['P3', 'P4']);
    expect(second.body.items[0].scoreRank).toBe('3');
    const back = await list(token, LB.high.id, 'PUBLIC', `timeSpan=ALL_TIME&maxResults=2&pageToken=${second.body.prevPageToken}`);
    expect(ids(back.body.items)).toEqual(['P1', 'P2']);
    const daily = await list(token, LB.high.id, 'PUBLIC', `timeSpan=DAILY&maxResults=2&pageToken=${first.body.nextPageToken}`);
    expect(daily.status).toBe(400); // a token belongs to its span
  });

  it('answers at most 30 scores a page, however many are asked for', async () => {
    for (let i = 0; i < 31; i += 1) await submit((await newPlayer(`Many ${i}`)).token, LB.high.id, i);
    const page = await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME&maxResults=1000');
    expect({ status: page.status, items: page.body.items.length, numScores: page.body.numScores }).toEqual({ status: 200, items: 30, numScores: '31' });
    expect((await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME')).body.items).toHaveLength(25);
  });

  it('refuses a missing or bad timeSpan, a bad collection and a zero maxResults', async () => {
    const missing = await list(token, LB.high.id, 'PUBLIC', '');
    expect(missing.body).toEqual(envelope(400, 'INVALID_ARGUMENT', 'required', 'Required parameter: timeSpan', { location: 'timeSpan', locationType: 'parameter' }));
    const all = await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL');
    expect(all.body.error.message).toBe(`Invalid value at 'time_span' (TYPE_ENUM), "ALL": must be one of ALL_TIME, WEEKLY, DAILY`);
    const collection = await list(token, LB.high.id, 'EVERYONE', 'timeSpan=DAILY');
    expect(collection.body.error.message).toBe(`Invalid value at 'collection' (TYPE_ENUM), "EVERYONE": must be one of PUBLIC, SOCIAL, FRIENDS`);
    expect((await list(token, LB.high.id, 'PUBLIC', 'timeSpan=DAILY&maxResults=0')).status).toBe(400);
    expect((await list(token, 'CgkInope', 'PUBLIC', 'timeSpan=DAILY')).status).toBe(404);
  });

  it('FRIENDS holds the caller and their friends only', async () => {
    const friend = await newPlayer('Friend');
    const stranger = await newPlayer('Stranger');
    expect((await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}/friends`, { playerId: friend.playerId })).status).toBe(204);
    await submit(friend.token, LB.high.id, 30);
    await submit(stranger.token, LB.high.id, 20);
    await submit(token, LB.high.id, 10);
    const friends = await list(token, LB.high.id, 'FRIENDS', 'timeSpan=ALL_TIME');
    expect(ids(friends.body.items)).toEqual(['Friend', REGULAR.displayName]);
    expect(friends.body.numScores).toBe('2');
    expect(friends.body.items[0].player.friendStatus).toBe('FRIEND');
    expect(friends.body.playerScore.scoreRank).toBe('2');
    expect(ids((await list(friend.token, LB.high.id, 'SOCIAL', 'timeSpan=ALL_TIME')).body.items)).toEqual(['Friend', REGULAR.displayName]);
    expect(ids((await list(stranger.token, LB.high.id, 'FRIENDS', 'timeSpan=ALL_TIME')).body.items)).toEqual(['Stranger']);
    expect(ids((await list(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME')).body.items)).toEqual(['Friend', 'Stranger', REGULAR.displayName]);
  });

  it('leaves players who do not share their profile off PUBLIC; they still see their own score, unranked', async () => {
    const shy = await newPlayer('Shy', { profileVisible: false });
    await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}/friends`, { playerId: shy.playerId });
    await submit(shy.token, LB.high.id, 999);
    await submit(token, LB.high.id, 1);
    const own = await list(shy.token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME');
    expect(ids(own.body.items)).toEqual([REGULAR.displayName]);
    expect(own.body.playerScore).toMatchObject({ scoreValue: '999' });
    expect(own.body.playerScore).not.toHaveProperty('scoreRank');
    expect(own.body.playerScore.player.profileSettings.profileVisible).toBe(false);
    expect(ids((await list(token, LB.high.id, 'FRIENDS', 'timeSpan=ALL_TIME')).body.items)).toEqual(['Shy', REGULAR.displayName]);
  });

  it('shows draft boards to testers on PUBLIC; FRIENDS stays empty until a board is published', async () => {
    const tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
    await submit(tester, LB.draft.id, 5);
    expect(ids((await list(tester, LB.draft.id, 'PUBLIC', 'timeSpan=ALL_TIME')).body.items)).toEqual([TESTER.displayName]);
    const friends = await list(tester, LB.draft.id, 'FRIENDS', 'timeSpan=ALL_TIME');
    expect(friends.body).toMatchObject({ items: [], numScores: '0', playerScore: { scoreValue: '5' } });
    expect((await list(token, LB.draft.id, 'PUBLIC', 'timeSpan=ALL_TIME')).status).toBe(404);
  });
});

describe('scores.listWindow', () => {
  /** Seven players P1 (best) … P7, the caller REGULAR fifth with 35. */
  async function board(): Promise<void> {
    for (const [name, score] of [['P1', 70], ['P2', 60], ['P3', 50], ['P4', 40], ['P6', 30], ['P7', 20]] as const) {
      await submit((await newPlayer(name)).token, LB.high.id, score);
    }
    await submit(token, LB.high.id, 35);
  }

  it('answers the page around the caller with resultsAbove above them', async () => {
    await board();
    const reply = await windowOf(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME&maxResults=3&resultsAbove=1');
    expect(reply.status).toBe(200);
    expect(ids(reply.body.items)).toEqual(['P4', REGULAR.displayName, 'P6']);
    expect(reply.body.items.map((item: { scoreRank: string }) => item.scoreRank)).toEqual(['4', '5', '6']);
    expect(reply.body.playerScore.scoreRank).toBe('5');
    expect(ids((await list(token, LB.high.id, 'PUBLIC', `timeSpan=ALL_TIME&maxResults=3&pageToken=${reply.body.prevPageToken}`)).body.items)).toEqual(['P1', 'P2', 'P3']);
    const next = await windowOf(token, LB.high.id, 'PUBLIC', `timeSpan=ALL_TIME&maxResults=3&pageToken=${reply.body.nextPageToken}`);
    expect(ids(next.body.items)).toEqual(['P7']);
  });

  it('fills the page from above at the bottom of the board, and from below at the top', async () => {
    await board();
    expect(ids((await windowOf(token, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME&maxResults=4&resultsAbove=0')).body.items)).toEqual([
      'P4',
      REGULAR.displayName,
      'P6',
      'P7',
    ]);
    const top = (await signIn(emulator.app, { playerId: (await call(emulator.app, 'GET', '/emulator/v1/players')).body.players.find((p: { displayName: string }) => p.displayName === 'P1').playerId })).access_token;
    expect(ids((await windowOf(top, LB.high.id, 'PUBLIC', 'timeSpan=ALL_TIME&maxResults=3&resultsAbove=2')).body.items)).toEqual(['P1', 'P2', 'P3']);
  });

  it('answers the top for a caller without a score, or nothing with returnTopIfAbsent=false', async () => {
    await submit((await newPlayer('Only')).token, LB.high.id, 1);
    const top = await windowOf(token, LB.high.id, 'PUBLIC', 'timeSpan=DAILY');
    expect(ids(top.body.items)).toEqual(['Only']);
    expect(top.body).not.toHaveProperty('playerScore');
    const none = await windowOf(token, LB.high.id, 'PUBLIC', 'timeSpan=DAILY&returnTopIfAbsent=false');
    expect(none.body).toEqual({ kind: 'games#leaderboardScores', items: [], numScores: '1' });
  });

  it('refuses resultsAbove greater than maxResults', async () => {
    const reply = await windowOf(token, LB.high.id, 'PUBLIC', 'timeSpan=DAILY&maxResults=2&resultsAbove=3');
    expect(reply.status).toBe(400);
    expect(reply.body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'resultsAbove' });
  });
});

describe('scores.get', () => {
  it('answers the caller’s bests, leaving out spans without a score, with no ranks unless asked', async () => {
    await advance(3600);
    await submit(token, LB.high.id, 40, 'tag');
    const reply = await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/ALL_TIME`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#playerLeaderboardScoreListResponse',
      items: [
        {
          kind: 'games#playerLeaderboardScore',
          leaderboard_id: LB.high.id,
          scoreValue: '40',
          scoreString: '40 points',
          scoreTag: 'tag',
          timeSpan: 'ALL_TIME',
          writeTimestamp: String(WALL + 3_600_000),
        },
      ],
      player: expect.objectContaining({ kind: 'games#player', playerId: REGULAR.playerId }),
    });
    const none = await get(token, `/games/v1/players/${REGULAR.playerId}/leaderboards/${LB.fastest.id}/scores/DAILY`);
    expect({ status: none.status, items: none.body.items }).toEqual({ status: 200, items: [] });
  });

  it('adds publicRank and friendsRank as includeRankType asks', async () => {
    const ada = await newPlayer('Ada');
    await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}/friends`, { playerId: (await newPlayer('Pal')).playerId });
    await submit(ada.token, LB.high.id, 100);
    await submit(token, LB.high.id, 50);
    const rank = (rank: string, numScores: string) => ({ kind: 'games#leaderboardScoreRank', rank, formattedRank: rank, numScores, formattedNumScores: numScores });
    const all = await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/DAILY?includeRankType=ALL`);
    expect(all.body.items[0]).toMatchObject({ publicRank: rank('2', '2'), friendsRank: rank('1', '1') });
    expect(all.body.items[0]).not.toHaveProperty('socialRank');
    const publicOnly = await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/DAILY?includeRankType=PUBLIC`);
    expect(publicOnly.body.items[0]).toHaveProperty('publicRank');
    expect(publicOnly.body.items[0]).not.toHaveProperty('friendsRank');
    const social = await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/DAILY?includeRankType=SOCIAL`);
    expect(social.body.items[0].socialRank).toEqual(rank('1', '1'));
  });

  it('answers every board for leaderboardId ALL, and pages it', async () => {
    await submit(token, LB.high.id, 1);
    await submit(token, LB.fastest.id, 2);
    await submit(token, LB.limited.id, 3);
    const all = await get(token, '/games/v1/players/me/leaderboards/ALL/scores/WEEKLY');
    expect(all.body.items.map((item: { leaderboard_id: string }) => item.leaderboard_id)).toEqual([LB.high.id, LB.fastest.id, LB.limited.id]);
    const first = await get(token, '/games/v1/players/me/leaderboards/ALL/scores/WEEKLY?maxResults=2');
    expect(first.body.items).toHaveLength(2);
    const second = await get(token, `/games/v1/players/me/leaderboards/ALL/scores/WEEKLY?maxResults=2&pageToken=${first.body.nextPageToken}`);
    expect(second.body.items.map((item: { leaderboard_id: string }) => item.leaderboard_id)).toEqual([LB.limited.id]);
  });

  it('refuses ALL for both, a bad span or rank type, another player, and an unknown board', async () => {
    const both = await get(token, '/games/v1/players/me/leaderboards/ALL/scores/ALL');
    expect(both.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', 'Only one of leaderboardId and timeSpan may be set to ALL.', { location: 'timeSpan', locationType: 'parameter' }),
    );
    expect((await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/MONTHLY`)).body.error.message).toBe(
      `Invalid value at 'time_span' (TYPE_ENUM), "MONTHLY": must be one of ALL, ALL_TIME, WEEKLY, DAILY`,
    );
    expect((await get(token, `/games/v1/players/me/leaderboards/${LB.high.id}/scores/DAILY?includeRankType=GLOBAL`)).status).toBe(400);
    const other = await get(token, `/games/v1/players/${TESTER.playerId}/leaderboards/${LB.high.id}/scores/DAILY`);
    expect({ status: other.status, reason: other.body.error.errors[0].reason }).toEqual({ status: 403, reason: 'forbidden' });
    expect((await get(token, `/games/v1/players/g404/leaderboards/${LB.high.id}/scores/DAILY`)).status).toBe(404);
    expect((await get(token, `/games/v1/players/me/leaderboards/${LB.draft.id}/scores/DAILY`)).body).toEqual(
      envelope(404, 'NOT_FOUND', 'notFound', `The requested leaderboard with ID ${LB.draft.id} was not found.`),
    );
  });
});
