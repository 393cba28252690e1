import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEMO_APP, DEVELOPER, TESTER, api, envelope, groundTruth, progressOf, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const bundle = (value: string, locale = 'en-US') => ({ translations: [{ locale, value }] });
const listUrl = `/games/v1configuration/applications/${DEMO_APP.applicationId}/achievements`;
const oneUrl = (id: string) => `/games/v1configuration/achievements/${id}`;

const newAchievement = {
  achievementType: 'INCREMENTAL',
  initialState: 'REVEALED',
  stepsToUnlock: 4,
  draft: { name: bundle('Collector'), description: bundle('Collect four gems.'), pointValue: 15 },
};

async function developerToken(): Promise<string> {
  return (await signIn(emulator.app, { playerId: DEVELOPER.playerId })).access_token;
}

describe('achievementConfigurations.insert', () => {
  it('creates a draft that testers see in the Games API and regular players do not', async () => {
    const token = await developerToken();
    const reply = await api(emulator.app, 'POST', listUrl, token, newAchievement);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'gamesConfiguration#achievementConfiguration',
      id: expect.stringMatching(/^CgkI[A-Za-z0-9_-]{14}$/),
      achievementType: 'INCREMENTAL',
      initialState: 'REVEALED',
      stepsToUnlock: 4,
      draft: {
        kind: 'gamesConfiguration#achievementConfigurationDetail',
        name: bundle('Collector'),
        description: bundle('Collect four gems.'),
        pointValue: 15,
        iconUrl: expect.any(String),
        sortRank: DEMO_APP.achievements.length + 1,
      },
    });
    const id = reply.body.id as string;

    const tester = await signIn(emulator.app, { playerId: TESTER.playerId });
    const definitions = await api(emulator.app, 'GET', '/games/v1/achievements', tester.access_token);
    expect(definitions.body.items.find((item: { id: string }) => item.id === id)).toEqual(
      expect.objectContaining({ name: 'Collector', description: 'Collect four gems.', achievementType: 'INCREMENTAL', totalSteps: 4, experiencePoints: '1500' }),
    );
    const increment = await api(emulator.app, 'POST', `/games/v1/achievements/${id}/increment?stepsToIncrement=4`, tester.access_token);
    expect(increment.body).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 4, newlyUnlocked: true });

    const regular = await signIn(emulator.app);
    const regularList = await api(emulator.app, 'GET', '/games/v1/achievements', regular.access_token);
    expect(regularList.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await api(emulator.app, 'POST', `/games/v1/achievements/${id}/increment?stepsToIncrement=1`, regular.access_token)).status).toBe(404);

    const control = await emulator.app.inject({ method: 'GET', url: '/emulator/v1/applications' });
    expect(JSON.parse(control.body).applications[0].achievements.find((item: { id: string }) => item.id === id)).toEqual(expect.objectContaining({ published: false }));
  });

  it('refuses a non-developer (403) and bad bodies (400), creating nothing', async () => {
    const regular = await signIn(emulator.app);
    expect((await api(emulator.app, 'POST', listUrl, regular.access_token, newAchievement)).body).toEqual(
      envelope(403, 'PERMISSION_DENIED', 'forbidden', 'Only developer console accounts can read or change a game’s configuration.'),
    );
    // The account is checked before the body: a non-developer learns nothing from a bad one.
    expect((await api(emulator.app, 'POST', listUrl, regular.access_token, { colour: 'red' })).status).toBe(403);
    const token = await developerToken();
    const noSteps = await api(emulator.app, 'POST', listUrl, token, { ...newAchievement, stepsToUnlock: undefined });
    expect(noSteps.status).toBe(400);
    expect(noSteps.body.error.message).toBe('An INCREMENTAL achievement needs stepsToUnlock.');
    const unknownField = await api(emulator.app, 'POST', listUrl, token, { ...newAchievement, colour: 'red' });
    expect(unknownField.body.error.message).toBe('Invalid JSON payload received. Unknown name "colour": Cannot find field.');
    const badPoints = await api(emulator.app, 'POST', listUrl, token, { ...newAchievement, draft: { ...newAchievement.draft, pointValue: 7 } });
    expect(badPoints.status).toBe(400);
    const unlocked = await api(emulator.app, 'POST', listUrl, token, { ...newAchievement, initialState: 'UNLOCKED' });
    expect(unlocked.status).toBe(400);
    const unknownApp = await api(emulator.app, 'POST', '/games/v1configuration/applications/1/achievements', token, newAchievement);
    expect(unknownApp.status).toBe(404);
    const list = await api(emulator.app, 'GET', listUrl, token);
    expect(list.body.items).toHaveLength(DEMO_APP.achievements.length);
  });

  it('takes proto (snake_case) names, as Google reads a JSON body', async () => {
    const token = await developerToken();
    const reply = await api(emulator.app, 'POST', listUrl, token, {
      achievement_type: 'STANDARD',
      initial_state: 'HIDDEN',
      draft: { name: bundle('Secret'), point_value: 5 },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(expect.objectContaining({ achievementType: 'STANDARD', initialState: 'HIDDEN' }));
  });

  it('refuses to go past 2000 points for the game', async () => {
    const token = await developerToken();
    let last = 0;
    for (let i = 0; i < 20 && last !== 400; i += 1) {
      last = (await api(emulator.app, 'POST', listUrl, token, { ...newAchievement, draft: { ...newAchievement.draft, pointValue: 200 } })).status;
    }
    expect(last).toBe(400);
    const list = await api(emulator.app, 'GET', listUrl, token);
    const points = list.body.items.reduce((sum: number, item: { published?: { pointValue: number }; draft?: { pointValue: number } }) => sum + (item.draft ?? item.published)!.pointValue, 0);
    expect(points).toBeLessThanOrEqual(2000);
  });
});

describe('achievementConfigurations.list and get', () => {
  it('lists the seeded achievements, published and draft, as Configuration JSON', async () => {
    const token = await developerToken();
    const list = await api(emulator.app, 'GET', `${listUrl}?maxResults=2`, token);
    expect(list.body.kind).toBe('gamesConfiguration#achievementConfigurationListResponse');
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0]).toEqual({
      kind: 'gamesConfiguration#achievementConfiguration',
      id: ACH.standard.id,
      achievementType: 'STANDARD',
      initialState: ACH.standard.initialState,
      published: {
        kind: 'gamesConfiguration#achievementConfigurationDetail',
        name: expect.objectContaining({ translations: [expect.objectContaining({ locale: 'en-US', value: ACH.standard.name })] }),
        description: expect.objectContaining({ translations: [expect.objectContaining({ value: ACH.standard.description })] }),
        iconUrl: ACH.standard.unlockedIconUrl,
        pointValue: ACH.standard.experiencePoints / 100,
        sortRank: 1,
      },
    });
    const next = await api(emulator.app, 'GET', `${listUrl}?pageToken=${list.body.nextPageToken}`, token);
    expect(next.body.items).toHaveLength(DEMO_APP.achievements.length - 2);
    const draft = await api(emulator.app, 'GET', oneUrl(ACH.draft.id), token);
    expect(draft.body.draft.name.translations[0].value).toBe(ACH.draft.name);
    expect(draft.body.published).toBeUndefined();
    expect((await api(emulator.app, 'GET', oneUrl('CgkInope'), token)).status).toBe(404);
  });
});

describe('achievementConfigurations.update', () => {
  it('stages an edit of a published achievement: the Games API keeps the published version', async () => {
    const token = await developerToken();
    const body = { achievementType: 'STANDARD', initialState: ACH.standard.initialState, draft: { name: bundle('Renamed'), pointValue: 5 } };
    const reply = await api(emulator.app, 'PUT', oneUrl(ACH.standard.id), token, body);
    expect(reply.status).toBe(200);
    expect(reply.body.draft.name).toEqual(bundle('Renamed'));
    expect(reply.body.published.name.translations[0].value).toBe(ACH.standard.name);
    const games = await api(emulator.app, 'GET', '/games/v1/achievements', (await signIn(emulator.app)).access_token);
    expect(games.body.items.find((item: { id: string }) => item.id === ACH.standard.id).name).toBe(ACH.standard.name);
  });

  it('refuses to change a published achievement’s type', async () => {
    const token = await developerToken();
    const reply = await api(emulator.app, 'PUT', oneUrl(ACH.standard.id), token, { ...newAchievement, initialState: ACH.standard.initialState });
    expect(reply.body).toEqual(
      envelope(400, 'FAILED_PRECONDITION', 'invalid', `The achievement with ID ${ACH.standard.id} is published; its type, initial state and steps cannot change.`),
    );
  });

  it('rewrites a draft in the Games API, and a changed step count resets its progress', async () => {
    const token = await developerToken();
    const tester = await signIn(emulator.app, { playerId: TESTER.playerId });
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.draftIncremental.id}/increment?stepsToIncrement=2`, tester.access_token);
    expect((await progressOf(emulator.app, TESTER.playerId, ACH.draftIncremental.id)).currentSteps).toBe(2);
    const body = { achievementType: 'INCREMENTAL', initialState: 'REVEALED', stepsToUnlock: 6, draft: { name: bundle('Longer'), pointValue: 10 } };
    expect((await api(emulator.app, 'PUT', oneUrl(ACH.draftIncremental.id), token, body)).status).toBe(200);
    const definitions = await api(emulator.app, 'GET', '/games/v1/achievements', tester.access_token);
    expect(definitions.body.items.find((item: { id: string }) => item.id === ACH.draftIncremental.id)).toEqual(
      expect.objectContaining({ name: 'Longer', totalSteps: 6, experiencePoints: '1000' }),
    );
    expect((await progressOf(emulator.app, TESTER.playerId, ACH.draftIncremental.id)).currentSteps).toBe(0);
  });
});

describe('achievementConfigurations.delete', () => {
  it('deletes a draft and its progress, refuses a published achievement', async () => {
    const token = await developerToken();
    const tester = await signIn(emulator.app, { playerId: TESTER.playerId });
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.draft.id}/unlock`, tester.access_token);
    const reply = await api(emulator.app, 'DELETE', oneUrl(ACH.draft.id), token);
    expect(reply.status).toBe(204);
    expect(reply.raw).toBe('');
    expect((await api(emulator.app, 'GET', oneUrl(ACH.draft.id), token)).status).toBe(404);
    const truth = await groundTruth(emulator.app, TESTER.playerId);
    expect(truth.achievements[DEMO_APP.applicationId].map((entry: { id: string }) => entry.id)).not.toContain(ACH.draft.id);
    const published = await api(emulator.app, 'DELETE', oneUrl(ACH.standard.id), token);
    expect(published.body).toEqual(
      envelope(400, 'FAILED_PRECONDITION', 'invalid', `The achievement with ID ${ACH.standard.id} is published; published achievements cannot be deleted.`),
    );
  });

  it('is undone by the control API’s reset', async () => {
    const token = await developerToken();
    await api(emulator.app, 'DELETE', oneUrl(ACH.draft.id), token);
    await emulator.app.inject({ method: 'POST', url: '/emulator/v1/reset' });
    const again = await developerToken();
    expect((await api(emulator.app, 'GET', oneUrl(ACH.draft.id), again)).status).toBe(200);
  });
});
