import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEMO_APP, OTHER_APP, REGULAR, TESTER, api, envelope, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

describe('metagame.getMetagameConfig', () => {
  it('answers the level table that players’ experienceInfo is computed from', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/metagameConfig', access_token);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#metagameConfig');
    expect(reply.body.currentVersion).toBe(1);
    expect(reply.body.playerLevels).toHaveLength(100);
    const me = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(reply.body.playerLevels.slice(0, 2)).toEqual([me.body.experienceInfo.currentLevel, me.body.experienceInfo.nextLevel]);
  });
});

describe('metagame.listCategoriesByPlayer', () => {
  it('answers the XP earned per game category, from published unlocked achievements', async () => {
    const { access_token } = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me/categories/ALL', access_token)).body).toEqual({ kind: 'games#categoryListResponse', items: [] });
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.standard.id}/unlock`, access_token);
    const other = await signIn(emulator.app, { clientId: OTHER_APP.webClientId });
    await api(emulator.app, 'POST', `/games/v1/achievements/${OTHER_APP.achievements[0]!.id}/unlock`, other.access_token);
    const reply = await api(emulator.app, 'GET', `/games/v1/players/${REGULAR.playerId}/categories/ALL`, access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#categoryListResponse',
      items: [
        { kind: 'games#category', category: DEMO_APP.category, experiencePoints: String(ACH.standard.experiencePoints) },
        { kind: 'games#category', category: OTHER_APP.category, experiencePoints: String(OTHER_APP.achievements[0]!.experiencePoints) },
      ],
    });
  });

  it('takes the older lowercase collection, refuses another one', async () => {
    const { access_token } = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me/categories/all', access_token)).status).toBe(200);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me/categories/SOME', access_token)).status).toBe(400);
  });

  it('answers 403 for another player and 404 for an unknown one', async () => {
    const { access_token } = await signIn(emulator.app);
    const other = await api(emulator.app, 'GET', `/games/v1/players/${TESTER.playerId}/categories/ALL`, access_token);
    expect(other.body).toEqual(envelope(403, 'PERMISSION_DENIED', 'forbidden', `The caller may not list the categories of player ${TESTER.playerId}.`));
    expect((await api(emulator.app, 'GET', '/games/v1/players/g0/categories/ALL', access_token)).status).toBe(404);
  });
});
