/**
 * googleapis `games.achievementDefinitions.list` and `games.achievements.list` against the
 * emulator: shapes, `kind`s, int64-as-string fields, paging and the `state` filter
 * (docs/google/games-api.md, 'Achievement definitions' and 'Per-player achievements'; drafts:
 * src/emulator/README.md, 'The demo seed').
 */
import type { games_v1 } from 'googleapis/build/src/apis/games/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievements, expectGoogleError, signIn, startEmulator } from './harness.js';
import type { DemoAchievements, Emulator } from './harness.js';

let emulator: Emulator;
let seed: DemoAchievements;
beforeAll(async () => {
  emulator = await startEmulator();
  seed = demoAchievements(emulator.apps[0]!);
});
afterAll(async () => {
  await emulator.close();
});

/** Follows nextPageToken to the end, returning every page. */
async function pages<T extends { nextPageToken?: string | null; items?: unknown[] }>(
  fetchPage: (pageToken: string | undefined) => Promise<T>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(page);
    token = page.nextPageToken ?? undefined;
    if (all.length > 100) throw new Error('paging never ends');
  } while (token !== undefined);
  return all;
}

describe('achievementDefinitions.list', () => {
  it('lists the published definitions with Google’s kinds and types for a player', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());

    const { data, status } = await games.achievementDefinitions.list({});

    expect(status).toBe(200);
    expect(data.kind).toBe('games#achievementDefinitionsListResponse');
    expect(data.nextPageToken).toBeUndefined();
    expect(data.items!.map((d) => d.id)).toEqual(seed.published.map((a) => a.id));
    for (const def of data.items!) {
      expect(def.kind).toBe('games#achievementDefinition');
      expect(typeof def.name).toBe('string');
      expect(typeof def.description).toBe('string');
      expect(['STANDARD', 'INCREMENTAL']).toContain(def.achievementType);
      expect(['HIDDEN', 'REVEALED', 'UNLOCKED']).toContain(def.initialState);
      expect(def.experiencePoints).toMatch(/^\d+$/); // int64 travels as a string
      expect(typeof def.isRevealedIconUrlDefault).toBe('boolean');
      expect(typeof def.isUnlockedIconUrlDefault).toBe('boolean');
      if (def.achievementType === 'INCREMENTAL') {
        expect(Number.isInteger(def.totalSteps)).toBe(true);
        expect(def.formattedTotalSteps).toBe(String(def.totalSteps));
      } else {
        expect(def.totalSteps).toBeUndefined();
      }
      expect((def as Record<string, unknown>).published).toBeUndefined(); // emulator-only field stays off the wire
    }
    const incremental = data.items!.find((d) => d.id === seed.incremental.id)!;
    expect(incremental.totalSteps).toBe(seed.incremental.totalSteps);
    expect(data.items!.some((d) => typeof d.revealedIconUrl === 'string' && /^https?:\/\//.test(d.revealedIconUrl))).toBe(true);
  });

  it('shows drafts to a tester, and only to a tester', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    const { data } = await games.achievementDefinitions.list({});
    expect(data.items!.map((d) => d.id)).toEqual(seed.all.map((a) => a.id));
    expect(data.items!.map((d) => d.id)).toContain(seed.draft.id);
  });

  it('pages with maxResults and pageToken, every definition once, in the same order', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const all = (await games.achievementDefinitions.list({})).data.items!;

    const paged = await pages(async (pageToken) => (await games.achievementDefinitions.list({ maxResults: 3, ...(pageToken ? { pageToken } : {}) })).data);

    expect(paged.length).toBe(Math.ceil(all.length / 3));
    for (const page of paged) {
      expect(page.kind).toBe('games#achievementDefinitionsListResponse');
      expect(page.items!.length).toBeLessThanOrEqual(3);
      expect(page.items!.length).toBeGreaterThan(0);
    }
    expect(paged.flatMap((p) => p.items!)).toEqual(all);
    expect(paged.at(-1)!.nextPageToken).toBeUndefined();
  });

  it('accepts the language parameter', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const { data } = await games.achievementDefinitions.list({ language: 'fr-FR' });
    expect(data.items!.length).toBe(seed.published.length);
  });

  it('answers 400 invalid for a page token it never gave out', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievementDefinitions.list({ pageToken: 'not-a-page-token' }), 400, 'invalid');
  });

  it('answers 400 invalid for maxResults out of range', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievementDefinitions.list({ maxResults: 0 }), 400, 'invalid');
  });
});

describe('achievements.list', () => {
  function byId(items: games_v1.Schema$PlayerAchievement[]): Map<string, games_v1.Schema$PlayerAchievement> {
    return new Map(items.map((i) => [i.id!, i]));
  }

  it('lists a new player’s state of every published achievement, at its initial state', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);

    const { data, status } = await games.achievements.list({ playerId: 'me' });

    expect(status).toBe(200);
    expect(data.kind).toBe('games#playerAchievementListResponse');
    expect(data.items!.map((i) => i.id).sort()).toEqual(seed.published.map((a) => a.id).sort());
    const items = byId(data.items!);
    for (const def of seed.published) {
      const item = items.get(def.id)!;
      expect(item.kind).toBe('games#playerAchievement');
      expect(item.achievementState).toBe(def.initialState);
      expect(item.experiencePoints).toBeUndefined(); // absent while not unlocked
      if (def.achievementType === 'INCREMENTAL') {
        expect(item.currentSteps).toBe(0);
        expect(item.formattedCurrentStepsString).toBe('0');
      } else {
        expect(item.currentSteps).toBeUndefined();
      }
    }
  });

  it('reports unlocks and progress with int64 strings, and answers by ID as for me', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const before = Date.now();
    await games.achievements.unlock({ achievementId: seed.standard[0].id });
    await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2 });

    const { data } = await games.achievements.list({ playerId: 'me' });

    const items = byId(data.items!);
    const unlocked = items.get(seed.standard[0].id)!;
    expect(unlocked.achievementState).toBe('UNLOCKED');
    const definition = (await games.achievementDefinitions.list({})).data.items!.find((d) => d.id === seed.standard[0].id)!;
    expect(unlocked.experiencePoints).toBe(definition.experiencePoints);
    expect(unlocked.experiencePoints).toMatch(/^[1-9]\d*$/);
    expect(unlocked.lastUpdatedTimestamp).toMatch(/^\d+$/);
    // Epoch milliseconds (docs/google/emulator-choices.md, 'Achievement writes'); the emulator
    // clock starts at wall time.
    expect(Number(unlocked.lastUpdatedTimestamp)).toBeGreaterThanOrEqual(before - 60_000);
    const progress = items.get(seed.incremental.id)!;
    expect(progress).toEqual(
      expect.objectContaining({ achievementState: 'REVEALED', currentSteps: 2, formattedCurrentStepsString: '2' }),
    );
    expect((await games.achievements.list({ playerId: player.playerId })).data).toEqual(data);
  });

  it('filters by state', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await games.achievements.unlock({ achievementId: seed.standard[0].id });
    await games.achievements.unlock({ achievementId: seed.hidden.id });

    const ids = async (state: string) => (await games.achievements.list({ playerId: 'me', state })).data.items!.map((i) => i.id).sort();

    expect(await ids('UNLOCKED')).toEqual([seed.standard[0].id, seed.hidden.id].sort());
    const revealed = await ids('REVEALED');
    expect(revealed).toContain(seed.standard[1].id);
    expect(revealed).toContain(seed.incremental.id);
    expect(revealed).not.toContain(seed.standard[0].id);
    const hidden = await ids('HIDDEN');
    expect(hidden).not.toContain(seed.hidden.id); // unlocking a hidden achievement revealed it
    for (const id of hidden) expect(seed.published.find((a) => a.id === id)!.initialState).toBe('HIDDEN');
    expect([...(await ids('UNLOCKED')), ...revealed, ...hidden].sort()).toEqual(await ids('ALL'));
  });

  it('pages with maxResults and pageToken, within a state filter too', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const all = (await games.achievements.list({ playerId: 'me' })).data.items!;

    const paged = await pages(async (pageToken) => (await games.achievements.list({ playerId: 'me', maxResults: 2, ...(pageToken ? { pageToken } : {}) })).data);
    expect(paged.flatMap((p) => p.items!)).toEqual(all);
    for (const page of paged) expect(page.items!.length).toBeLessThanOrEqual(2);
    expect(paged.length).toBe(Math.ceil(all.length / 2));

    const revealed = (await games.achievements.list({ playerId: 'me', state: 'REVEALED' })).data.items!;
    const pagedRevealed = await pages(
      async (pageToken) => (await games.achievements.list({ playerId: 'me', state: 'REVEALED', maxResults: 1, ...(pageToken ? { pageToken } : {}) })).data,
    );
    expect(pagedRevealed.flatMap((p) => p.items!)).toEqual(revealed);
  });

  it('shows a tester the drafts, with 0 experience points once unlocked', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    if (seed.draft.achievementType === 'STANDARD') await games.achievements.unlock({ achievementId: seed.draft.id });
    else await games.achievements.setStepsAtLeast({ achievementId: seed.draft.id, steps: seed.draft.totalSteps! });
    const items = byId((await games.achievements.list({ playerId: 'me' })).data.items!);
    expect([...items.keys()].sort()).toEqual(seed.all.map((a) => a.id).sort());
    expect(items.get(seed.draft.id)).toEqual(expect.objectContaining({ achievementState: 'UNLOCKED', experiencePoints: '0' }));
  });

  it('answers 403 forbidden for another player’s achievements', async () => {
    const other = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.list({ playerId: other.playerId }), 403, 'forbidden');
  });

  it('answers 400 invalid for an unknown state', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.list({ playerId: 'me', state: 'SOMETIMES' }), 400, 'invalid');
  });

  it('answers 404 notFound for an unknown player', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.achievements.list({ playerId: '999999999999999999999' }), 404, 'notFound');
  });
});
