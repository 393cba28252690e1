import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEVELOPER, LB, OTHER_APP, TESTER, api, envelope, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let token: string;
beforeEach(async () => {
  emulator.state.reset();
  token = (await signIn(emulator.app)).access_token;
});

const notFound = (id: string) => envelope(404, 'NOT_FOUND', 'notFound', `The requested leaderboard with ID ${id} was not found.`);

describe('leaderboards.list', () => {
  it('lists the published leaderboards in the console order, with Google’s shape', async () => {
    const reply = await api(emulator.app, 'GET', '/games/v1/leaderboards', token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#leaderboardListResponse',
      items: [
        { kind: 'games#leaderboard', id: LB.high.id, name: 'High Score', iconUrl: LB.high.published!.iconUrl, isIconUrlDefault: false, order: 'LARGER_IS_BETTER' },
        { kind: 'games#leaderboard', id: LB.fastest.id, name: 'Fastest Castle Run', iconUrl: expect.stringMatching(/^https:\/\//), isIconUrlDefault: true, order: 'SMALLER_IS_BETTER' },
        expect.objectContaining({ id: LB.limited.id, order: 'LARGER_IS_BETTER' }),
      ],
    });
  });

  it('shows drafts to testers and developer accounts', async () => {
    for (const playerId of [TESTER.playerId, DEVELOPER.playerId]) {
      const own = (await signIn(emulator.app, { playerId })).access_token;
      const reply = await api(emulator.app, 'GET', '/games/v1/leaderboards', own);
      expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual([LB.high.id, LB.fastest.id, LB.limited.id, LB.draft.id]);
    }
  });

  it('pages with maxResults and pageToken, and names in the language asked', async () => {
    const first = await api(emulator.app, 'GET', '/games/v1/leaderboards?maxResults=2&language=de', token);
    expect(first.body.items.map((item: { name: string }) => item.name)).toEqual(['Höchstpunktzahl', 'Schnellster Burglauf']);
    const second = await api(emulator.app, 'GET', `/games/v1/leaderboards?maxResults=2&pageToken=${first.body.nextPageToken}`, token);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([LB.limited.id]);
    expect(second.body).not.toHaveProperty('nextPageToken');
    const bad = await api(emulator.app, 'GET', '/games/v1/leaderboards?maxResults=0', token);
    expect(bad.status).toBe(400);
  });

  it('lists the token’s game only', async () => {
    const other = (await signIn(emulator.app, { clientId: OTHER_APP.webClientId })).access_token;
    const reply = await api(emulator.app, 'GET', '/games/v1/leaderboards', other);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual([LB.otherGame.id]);
  });
});

describe('leaderboards.get', () => {
  it('answers one leaderboard', async () => {
    const reply = await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.fastest.id}`, token);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ kind: 'games#leaderboard', id: LB.fastest.id, name: 'Fastest Castle Run', order: 'SMALLER_IS_BETTER' });
  });

  it('answers 404 for an unknown board, another game’s, and a draft for a regular player', async () => {
    for (const id of ['CgkInope', LB.otherGame.id, LB.draft.id]) {
      const reply = await api(emulator.app, 'GET', `/games/v1/leaderboards/${id}`, token);
      expect({ status: reply.status, body: reply.body }).toEqual({ status: 404, body: notFound(id) });
    }
    const tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
    expect((await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.draft.id}`, tester)).body).toMatchObject({ id: LB.draft.id, name: 'Beta Arena' });
  });

  it('refuses a query parameter it does not take, naming it', async () => {
    const reply = await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.high.id}?lang=de`, token);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('Unknown name "lang"');
  });
});
