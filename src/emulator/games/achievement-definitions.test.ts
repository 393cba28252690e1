import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEMO_APP, OTHER_APP, TESTER, api, call, envelope, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const published = DEMO_APP.achievements.filter((achievement) => achievement.published).map((achievement) => achievement.id);
const all = DEMO_APP.achievements.map((achievement) => achievement.id);

describe('achievementDefinitions.list', () => {
  it('lists the token’s game’s published definitions with every field', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/achievements', access_token);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#achievementDefinitionsListResponse');
    expect(reply.body).not.toHaveProperty('nextPageToken');
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual(published);
    expect(reply.body.items[2]).toEqual({
      kind: 'games#achievementDefinition',
      id: ACH.incremental.id,
      name: ACH.incremental.name,
      description: ACH.incremental.description,
      achievementType: 'INCREMENTAL',
      totalSteps: 10,
      formattedTotalSteps: '10',
      revealedIconUrl: ACH.incremental.revealedIconUrl,
      unlockedIconUrl: ACH.incremental.unlockedIconUrl,
      isRevealedIconUrlDefault: false,
      isUnlockedIconUrlDefault: false,
      initialState: 'REVEALED',
      experiencePoints: '1500',
    });
    expect(reply.body.items[0]).not.toHaveProperty('totalSteps');
  });

  it('shows drafts to testers, with default icons flagged', async () => {
    const { access_token } = await signIn(emulator.app, { playerId: TESTER.playerId });
    const reply = await api(emulator.app, 'GET', '/games/v1/achievements', access_token);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual(all);
    expect(reply.body.items[8]).toMatchObject({ id: ACH.draftHidden.id, isRevealedIconUrlDefault: true, isUnlockedIconUrlDefault: true });
  });

  it('shows drafts to a developer account that is not a tester too', async () => {
    const created = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'Console Only', developer: true });
    const { access_token } = await signIn(emulator.app, { playerId: created.body.playerId });
    const reply = await api(emulator.app, 'GET', '/games/v1/achievements', access_token);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual(all);
    const unlock = await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.draft.id}/unlock`, access_token);
    expect(unlock.body).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: true });
  });

  it('lists the other game for the other game’s token', async () => {
    const { access_token } = await signIn(emulator.app, { clientId: OTHER_APP.webClientId });
    const reply = await api(emulator.app, 'GET', '/games/v1/achievements', access_token);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual(OTHER_APP.achievements.map((achievement) => achievement.id));
  });

  it('pages with maxResults and opaque page tokens', async () => {
    const { access_token } = await signIn(emulator.app, { playerId: TESTER.playerId });
    const seen: string[] = [];
    let url = '/games/v1/achievements?maxResults=4&language=fr';
    let pages = 0;
    for (;;) {
      const reply = await api(emulator.app, 'GET', url, access_token);
      expect(reply.status).toBe(200);
      expect(reply.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...reply.body.items.map((item: { id: string }) => item.id));
      pages += 1;
      if (!reply.body.nextPageToken) break;
      url = `/games/v1/achievements?maxResults=4&pageToken=${encodeURIComponent(reply.body.nextPageToken)}`;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('answers 400 invalid for maxResults outside 1–200 or not an integer', async () => {
    const { access_token } = await signIn(emulator.app);
    for (const [value, detail] of [
      ['0', '0: must be >= 1'],
      ['201', '201: must be <= 200'],
      ['ten', '"ten"'],
    ] as const) {
      const reply = await api(emulator.app, 'GET', `/games/v1/achievements?maxResults=${value}`, access_token);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(
        envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'max_results' (TYPE_INT32), ${detail}`, {
          location: 'maxResults',
          locationType: 'parameter',
        }),
      );
    }
  });

  it('answers 400 invalid for a bad or foreign page token', async () => {
    const { access_token } = await signIn(emulator.app);
    const bad = await api(emulator.app, 'GET', '/games/v1/achievements?pageToken=garbage', access_token);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(
      envelope(400, 'INVALID_ARGUMENT', 'invalid', `Invalid value at 'page_token' (TYPE_STRING), "garbage"`, {
        location: 'pageToken',
        locationType: 'parameter',
      }),
    );
    const other = (await signIn(emulator.app, { clientId: OTHER_APP.webClientId })).access_token;
    const first = await api(emulator.app, 'GET', '/games/v1/achievements?maxResults=1', other);
    const crossed = await api(emulator.app, 'GET', `/games/v1/achievements?pageToken=${first.body.nextPageToken}`, access_token);
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.errors[0].reason).toBe('invalid');
  });
});
