import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, DEVELOPER, LB, TESTER, api, envelope, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const bundle = (value: string) => ({ translations: [{ locale: 'en-US', value }] });
const listUrl = `/games/v1configuration/applications/${DEMO_APP.applicationId}/leaderboards`;
const oneUrl = (id: string) => `/games/v1configuration/leaderboards/${id}`;

const newBoard = {
  scoreOrder: 'LARGER_IS_BETTER',
  scoreMin: '0',
  scoreMax: '500',
  draft: { name: bundle('Coins'), iconUrl: 'https://example.com/ignored.png', sortRank: 1, scoreFormat: { numberFormatType: 'NUMERIC', numDecimalPlaces: 0 } },
};

async function developerToken(): Promise<string> {
  return (await signIn(emulator.app, { playerId: DEVELOPER.playerId })).access_token;
}

describe('leaderboardConfigurations', () => {
  it('insert creates a draft board last in the list, which testers can post to', async () => {
    const token = await developerToken();
    const reply = await api(emulator.app, 'POST', listUrl, token, newBoard);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'gamesConfiguration#leaderboardConfiguration',
      id: expect.stringMatching(/^CgkI/),
      scoreOrder: 'LARGER_IS_BETTER',
      scoreMin: '0',
      scoreMax: '500',
      draft: {
        kind: 'gamesConfiguration#leaderboardConfigurationDetail',
        name: bundle('Coins'),
        sortRank: DEMO_APP.leaderboards!.length + 1,
        scoreFormat: { numberFormatType: 'NUMERIC', numDecimalPlaces: 0 },
      },
    });
    const id = reply.body.id as string;
    const tester = await signIn(emulator.app, { playerId: TESTER.playerId });
    const boards = await api(emulator.app, 'GET', '/games/v1/leaderboards', tester.access_token);
    expect(boards.body.items.at(-1)).toEqual(expect.objectContaining({ id, name: 'Coins', order: 'LARGER_IS_BETTER' }));
    expect((await api(emulator.app, 'POST', `/games/v1/leaderboards/${id}/scores?score=400`, tester.access_token)).status).toBe(200);
    const tooHigh = await api(emulator.app, 'POST', `/games/v1/leaderboards/${id}/scores?score=600`, tester.access_token);
    expect(tooHigh.body.beatenScoreTimeSpans).toEqual([]);
    expect((await groundTruth(emulator.app, TESTER.playerId)).scores[DEMO_APP.applicationId]).toEqual([
      { leaderboardId: id, timeSpan: 'ALL_TIME', score: 400 },
      { leaderboardId: id, timeSpan: 'WEEKLY', score: 400 },
      { leaderboardId: id, timeSpan: 'DAILY', score: 400 },
    ]);
    const regular = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', `/games/v1/leaderboards/${id}`, regular.access_token)).status).toBe(404);
  });

  it('list and get answer the seeded boards as the seed’s Configuration JSON', async () => {
    const token = await developerToken();
    const list = await api(emulator.app, 'GET', listUrl, token);
    expect(list.body.kind).toBe('gamesConfiguration#leaderboardConfigurationListResponse');
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual(DEMO_APP.leaderboards!.map((board) => board.id));
    const one = await api(emulator.app, 'GET', oneUrl(LB.limited.id), token);
    expect(one.body).toEqual(
      expect.objectContaining({ id: LB.limited.id, scoreOrder: LB.limited.scoreOrder, scoreMin: LB.limited.scoreMin, scoreMax: LB.limited.scoreMax }),
    );
    expect(one.body.published.name).toEqual(LB.limited.published!.name);
  });

  it('update of a published board stages its draft and applies new limits at once; its order is fixed', async () => {
    const token = await developerToken();
    const body = { scoreOrder: LB.high.scoreOrder, scoreMax: '10', draft: { name: bundle('Best Score') } };
    const reply = await api(emulator.app, 'PUT', oneUrl(LB.high.id), token, body);
    expect(reply.status).toBe(200);
    expect(reply.body.draft.name).toEqual(bundle('Best Score'));
    expect(reply.body.published.name).toEqual(LB.high.published!.name);
    const player = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.high.id}`, player.access_token)).body.name).toBe('High Score');
    const over = await api(emulator.app, 'POST', `/games/v1/leaderboards/${LB.high.id}/scores?score=11`, player.access_token);
    expect(over.body.beatenScoreTimeSpans).toEqual([]);
    expect((await groundTruth(emulator.app, (await api(emulator.app, 'GET', '/games/v1/players/me', player.access_token)).body.playerId)).scores[DEMO_APP.applicationId]).toEqual([]);
    const flipped = await api(emulator.app, 'PUT', oneUrl(LB.high.id), token, { ...body, scoreOrder: 'SMALLER_IS_BETTER' });
    expect(flipped.body).toEqual(envelope(400, 'FAILED_PRECONDITION', 'invalid', `The leaderboard with ID ${LB.high.id} is published; its score order cannot change.`));
  });

  it('refuses scoreMin above scoreMax and CURRENCY without a code', async () => {
    const token = await developerToken();
    expect((await api(emulator.app, 'POST', listUrl, token, { ...newBoard, scoreMin: '9', scoreMax: '1' })).body.error.message).toBe(
      'scoreMin (9) must not be greater than scoreMax (1).',
    );
    const currency = await api(emulator.app, 'POST', listUrl, token, { ...newBoard, draft: { name: bundle('Cash'), scoreFormat: { numberFormatType: 'CURRENCY' } } });
    expect(currency.status).toBe(400);
    expect((await api(emulator.app, 'GET', listUrl, token)).body.items).toHaveLength(DEMO_APP.leaderboards!.length);
  });

  it('delete removes a published board and its scores', async () => {
    const token = await developerToken();
    const player = await signIn(emulator.app);
    await api(emulator.app, 'POST', `/games/v1/leaderboards/${LB.high.id}/scores?score=5`, player.access_token);
    const reply = await api(emulator.app, 'DELETE', oneUrl(LB.high.id), token);
    expect(reply.status).toBe(204);
    expect((await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.high.id}`, player.access_token)).status).toBe(404);
    const truth = await groundTruth(emulator.app, DEVELOPER.playerId);
    expect(truth.scores[DEMO_APP.applicationId]).toEqual([]);
    expect((await api(emulator.app, 'DELETE', oneUrl(LB.high.id), token)).status).toBe(404);
  });

  it('refuses a regular player', async () => {
    const player = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', listUrl, player.access_token)).status).toBe(403);
  });
});
