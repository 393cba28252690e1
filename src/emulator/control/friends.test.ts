import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { REGULAR, TESTER, api, call, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const befriend = (playerId: string, body: unknown) => call(emulator.app, 'POST', `/emulator/v1/players/${playerId}/friends`, body);

describe('POST /emulator/v1/players/{playerId}/friends', () => {
  it('makes two players friends both ways, each sharing their friends list; again is 204 too', async () => {
    expect((await befriend(REGULAR.playerId, { playerId: TESTER.playerId })).status).toBe(204);
    expect((await befriend(TESTER.playerId, { playerId: REGULAR.playerId })).status).toBe(204);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).friends).toEqual([TESTER.playerId]);
    expect((await groundTruth(emulator.app, TESTER.playerId)).friends).toEqual([REGULAR.playerId]);
    const { access_token } = await signIn(emulator.app);
    const me = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(me.body.profileSettings.friendsListVisibility).toBe('VISIBLE');
    const friend = await api(emulator.app, 'GET', `/games/v1/players/${TESTER.playerId}`, access_token);
    expect(friend.body.friendStatus).toBe('FRIEND');
  });

  it('refuses an unknown player, oneself and an unknown field, changing nothing', async () => {
    const unknown = await befriend(REGULAR.playerId, { playerId: 'g0' });
    expect(unknown.body).toEqual({ error: { code: 404, message: 'No player with ID g0.', status: 'NOT_FOUND' } });
    expect((await befriend('g0', { playerId: REGULAR.playerId })).status).toBe(404);
    const self = await befriend(REGULAR.playerId, { playerId: REGULAR.playerId });
    expect(self.body).toEqual({ error: { code: 400, message: 'A player cannot be their own friend.', status: 'INVALID_ARGUMENT' } });
    const typo = await befriend(REGULAR.playerId, { playerID: TESTER.playerId });
    expect(typo.status).toBe(400);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).friends).toEqual([]);
  });
});
