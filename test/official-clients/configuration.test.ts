/**
 * googleapis `gamesConfiguration` (v1configuration) against the emulator: a developer account
 * creates, reads, edits and deletes achievement and leaderboard configurations, and the drafts
 * it makes appear through `games` to a tester and not to a regular player
 * (docs/google/configuration-api.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurationClient, expectGoogleError, signIn, startEmulator } from './harness.js';
import type { Emulator, SignedIn } from './harness.js';

let emulator: Emulator;
let developer: SignedIn;
beforeAll(async () => {
  emulator = await startEmulator();
  developer = await signIn(emulator, await emulator.control.createPlayer({ developer: true }));
});
afterAll(async () => {
  await emulator.close();
});

const demo = () => emulator.apps[0]!;
const bundle = (value: string) => ({ translations: [{ locale: 'en-US', value }] });
const configuration = () => configurationClient(emulator, developer.auth);

describe('achievementConfigurations', () => {
  it('insert, get, list, update and delete, with the draft visible to testers only', async () => {
    const inserted = await configuration().achievementConfigurations.insert({
      applicationId: demo().applicationId,
      requestBody: { achievementType: 'STANDARD', initialState: 'REVEALED', draft: { name: bundle('Explorer'), description: bundle('Open every door.'), pointValue: 10 } },
    });
    expect(inserted.status).toBe(200);
    expect(inserted.data.kind).toBe('gamesConfiguration#achievementConfiguration');
    const id = inserted.data.id!;

    const got = await configuration().achievementConfigurations.get({ achievementId: id });
    expect(got.data.draft?.name?.translations?.[0]?.value).toBe('Explorer');
    const listed = await configuration().achievementConfigurations.list({ applicationId: demo().applicationId });
    expect(listed.data.items?.map((item) => item.id)).toContain(id);

    const tester = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    const regular = await signIn(emulator, await emulator.control.createPlayer());
    const seen = async (who: SignedIn) => ((await who.games.achievementDefinitions.list()).data.items ?? []).find((item) => item.id === id);
    expect(await seen(tester)).toEqual(expect.objectContaining({ name: 'Explorer', experiencePoints: '1000' }));
    expect(await seen(regular)).toBeUndefined();

    const updated = await configuration().achievementConfigurations.update({
      achievementId: id,
      requestBody: { achievementType: 'STANDARD', initialState: 'REVEALED', draft: { name: bundle('Pathfinder'), pointValue: 10 } },
    });
    expect(updated.data.draft?.name).toEqual(bundle('Pathfinder'));
    expect((await seen(tester))?.name).toBe('Pathfinder');

    const deleted = await configuration().achievementConfigurations.delete({ achievementId: id });
    expect(deleted.status).toBe(204);
    await expectGoogleError(configuration().achievementConfigurations.get({ achievementId: id }), 404, 'notFound');
  });

  it('refuses to delete a published achievement, and refuses a regular player’s token', async () => {
    const published = demo().achievements.find((achievement) => achievement.published)!;
    await expectGoogleError(configuration().achievementConfigurations.delete({ achievementId: published.id }), 400, 'invalid', 'FAILED_PRECONDITION');
    const regular = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(configurationClient(emulator, regular.auth).achievementConfigurations.list({ applicationId: demo().applicationId }), 403, 'forbidden');
  });
});

describe('leaderboardConfigurations', () => {
  it('insert, get, list, update and delete, with the draft board visible to testers only', async () => {
    const inserted = await configuration().leaderboardConfigurations.insert({
      applicationId: demo().applicationId,
      requestBody: { scoreOrder: 'SMALLER_IS_BETTER', scoreMin: '0', draft: { name: bundle('Quickest Escape'), scoreFormat: { numberFormatType: 'TIME_DURATION' } } },
    });
    expect(inserted.data.kind).toBe('gamesConfiguration#leaderboardConfiguration');
    expect(inserted.data.scoreMin).toBe('0');
    const id = inserted.data.id!;
    expect((await configuration().leaderboardConfigurations.get({ leaderboardId: id })).data.draft?.name).toEqual(bundle('Quickest Escape'));
    expect((await configuration().leaderboardConfigurations.list({ applicationId: demo().applicationId })).data.items?.at(-1)?.id).toBe(id);

    const tester = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    expect((await tester.games.leaderboards.get({ leaderboardId: id })).data).toEqual(expect.objectContaining({ name: 'Quickest Escape', order: 'SMALLER_IS_BETTER' }));
    const regular = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(regular.games.leaderboards.get({ leaderboardId: id }), 404, 'notFound');

    const updated = await configuration().leaderboardConfigurations.update({
      leaderboardId: id,
      requestBody: { scoreOrder: 'SMALLER_IS_BETTER', draft: { name: bundle('Fastest Escape') } },
    });
    expect(updated.data.scoreMin).toBeUndefined();
    expect((await tester.games.leaderboards.get({ leaderboardId: id })).data.name).toBe('Fastest Escape');

    expect((await configuration().leaderboardConfigurations.delete({ leaderboardId: id })).status).toBe(204);
    await expectGoogleError(tester.games.leaderboards.get({ leaderboardId: id }), 404, 'notFound');
  });
});
