import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from './create-emulator.js';
import { DEMO_SEED } from './demo-seed.js';
import { EmulatorConfigError, loadEmulatorConfig, validateEmulatorConfig, type EmulatorConfig } from './seed.js';

const clone = (): EmulatorConfig => structuredClone(DEMO_SEED);

function errorOf(value: unknown): EmulatorConfigError {
  try {
    validateEmulatorConfig(value);
  } catch (error) {
    if (error instanceof EmulatorConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('DEMO_SEED keeps the demo seed promises of src/emulator/README.md', () => {
  const [demo, second] = DEMO_SEED.applications;
  const achievements = demo!.achievements;

  it('is valid, with the demo game first and a second application', () => {
    expect(validateEmulatorConfig(DEMO_SEED)).toBe(DEMO_SEED);
    expect(second).toBeDefined();
    expect(second!.applicationId).not.toBe(demo!.applicationId);
  });

  it('has at least 8 achievements with the required mix, none initially UNLOCKED, with icons', () => {
    expect(achievements.length).toBeGreaterThanOrEqual(8);
    const publishedRevealedStandard = achievements.filter((a) => a.published && a.initialState === 'REVEALED' && a.achievementType === 'STANDARD');
    expect(publishedRevealedStandard.length).toBeGreaterThanOrEqual(2);
    expect(achievements.some((a) => a.initialState === 'HIDDEN')).toBe(true);
    expect(achievements.some((a) => a.published && a.initialState === 'REVEALED' && a.achievementType === 'INCREMENTAL' && (a.totalSteps ?? 0) >= 5)).toBe(true);
    expect(achievements.some((a) => !a.published)).toBe(true);
    expect(achievements.some((a) => a.initialState === 'UNLOCKED')).toBe(false);
    expect(achievements.filter((a) => a.revealedIconUrl && a.unlockedIconUrl).length).toBeGreaterThanOrEqual(8);
  });

  it('uses realistic IDs: 12-digit application IDs, client IDs prefixed with them', () => {
    for (const app of DEMO_SEED.applications) {
      expect(app.applicationId).toMatch(/^[0-9]{12}$/);
      for (const clientId of [app.webClientId, app.androidClientId, app.secondWebClient?.clientId].filter((id) => id !== undefined)) {
        expect(clientId).toMatch(new RegExp(`^${app.applicationId}-[a-z0-9]+\\.apps\\.googleusercontent\\.com$`));
      }
    }
  });

  it('has at least three published events and a draft', () => {
    const events = demo!.events ?? [];
    expect(events.filter((e) => e.published).length).toBeGreaterThanOrEqual(3);
    expect(events.some((e) => !e.published)).toBe(true);
  });

  it('has a tester and a developer account', () => {
    expect(DEMO_SEED.players!.some((player) => player.tester)).toBe(true);
    expect(DEMO_SEED.players!.some((player) => player.developer)).toBe(true);
  });
});

describe('validateEmulatorConfig', () => {
  it('names the bad field of an enum', () => {
    const config = clone() as unknown as { applications: Array<{ achievements: Array<Record<string, unknown>> }> };
    config.applications[0]!.achievements[3]!.achievementType = 'SECRET';
    expect(errorOf(config).message).toBe('applications[0].achievements[3].achievementType must be STANDARD or INCREMENTAL');
    expect(errorOf(config).field).toBe('applications[0].achievements[3].achievementType');
  });

  it('names missing, unknown, mistyped and out-of-range fields', () => {
    const missing = clone() as unknown as { applications: Array<Record<string, unknown>> };
    delete missing.applications[1]!.webClientSecret;
    expect(errorOf(missing).message).toBe('applications[1].webClientSecret is required');

    const unknown = clone() as unknown as { players: Array<Record<string, unknown>> };
    unknown.players[0]!.nickname = 'x';
    expect(errorOf(unknown).message).toBe('players[0].nickname is not a known field');

    const mistyped = clone() as unknown as { players: Array<Record<string, unknown>> };
    mistyped.players[2]!.tester = 'yes';
    expect(errorOf(mistyped).message).toBe('players[2].tester must be true or false');

    const range = clone();
    range.applications[0]!.achievements[2]!.totalSteps = 0;
    expect(errorOf(range).message).toBe('applications[0].achievements[2].totalSteps must be at least 1');

    expect(errorOf({ applications: [] }).message).toBe('applications must have at least 1 item(s)');
    expect(errorOf([]).message).toBe('config must be a JSON object with "applications" (and optionally "players")');
  });

  it('checks what a schema cannot: steps only on INCREMENTAL, unique IDs', () => {
    const noSteps = clone();
    delete noSteps.applications[0]!.achievements[2]!.totalSteps;
    expect(errorOf(noSteps).message).toBe('applications[0].achievements[2].totalSteps is required for an INCREMENTAL achievement');

    const standardSteps = clone();
    standardSteps.applications[0]!.achievements[0]!.totalSteps = 5;
    expect(errorOf(standardSteps).message).toBe('applications[0].achievements[0].totalSteps is only allowed on an INCREMENTAL achievement');

    const duplicateAchievement = clone();
    duplicateAchievement.applications[0]!.achievements[4]!.id = duplicateAchievement.applications[0]!.achievements[1]!.id;
    expect(errorOf(duplicateAchievement).message).toMatch(/^applications\[0\]\.achievements\[4\]\.id duplicates applications\[0\]\.achievements\[1\]\.id/);

    const duplicateClient = clone();
    duplicateClient.applications[1]!.webClientId = duplicateClient.applications[0]!.webClientId;
    expect(errorOf(duplicateClient).message).toMatch(/^applications\[1\]\.webClientId duplicates applications\[0\]\.webClientId/);

    const duplicatePlayer = clone();
    duplicatePlayer.players![1]!.email = duplicatePlayer.players![0]!.email.toUpperCase();
    expect(errorOf(duplicatePlayer).message).toBe('players[1].email duplicates players[0].email');
  });

  it('serves achievement IDs up to the 128 characters it allows', async () => {
    const config = clone();
    const long = 'A'.repeat(128);
    config.applications[0]!.achievements[0]!.id = long;
    const { app } = await createEmulator({ config });
    const code = await app.inject({
      method: 'POST',
      url: '/emulator/v1/serverAuthCodes',
      headers: { 'content-type': 'application/json' },
      payload: { playerId: config.players![0]!.playerId, clientId: config.applications[0]!.webClientId },
    });
    const token = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code.json<{ serverAuthCode: string }>().serverAuthCode,
        client_id: config.applications[0]!.webClientId,
        client_secret: config.applications[0]!.webClientSecret,
      }).toString(),
    });
    const unlock = await app.inject({
      method: 'POST',
      url: `/games/v1/achievements/${long}/unlock`,
      headers: { authorization: `Bearer ${token.json<{ access_token: string }>().access_token}` },
    });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: true });
    await app.close();
  });

  it('seeds friendships both ways and profile visibility; a friend must be another seeded player', async () => {
    const config = clone();
    const [alex, taylor] = config.players!;
    alex!.friends = [taylor!.playerId];
    alex!.profileVisible = false;
    const { state } = await createEmulator({ config });
    expect([...state.players.get(taylor!.playerId)!.friends].map((friend) => friend.playerId)).toEqual([alex!.playerId]);
    expect(state.players.get(alex!.playerId)!.profileVisible).toBe(false);
    alex!.friends = ['g0'];
    expect(errorOf(config).message).toBe('players[0].friends[0] is not the playerId of a seeded player (g0)');
    alex!.friends = [alex!.playerId];
    expect(errorOf(config).message).toBe('players[0].friends[0] is the player themself');
  });

  it('takes events as the Games API lists them, plus published; checks IDs and child events', async () => {
    const base = DEMO_SEED.applications[0]!;
    const withEvents = (events: unknown[]) => ({ applications: [{ ...base, events }] });
    const event = { kind: 'games#eventDefinition', id: 'CgkIev1', displayName: 'Jumps', visibility: 'REVEALED', isDefaultImageUrl: true, published: true };
    const config = validateEmulatorConfig(withEvents([event, { id: 'CgkIev2', displayName: 'Parent', visibility: 'HIDDEN', childEvents: [{ kind: 'games#eventChild', childId: 'CgkIev1' }], published: false }]));
    const { state } = await createEmulator({ config });
    expect(state.applications[0]!.eventsById.get('CgkIev2')?.definition).toEqual({
      kind: 'games#eventDefinition',
      id: 'CgkIev2',
      displayName: 'Parent',
      imageUrl: expect.any(String),
      isDefaultImageUrl: true,
      visibility: 'HIDDEN',
      childEvents: [{ kind: 'games#eventChild', childId: 'CgkIev1' }],
    });
    const error = (value: unknown) => {
      try {
        validateEmulatorConfig(value);
      } catch (caught) {
        return (caught as EmulatorConfigError).message;
      }
      return 'valid';
    };
    expect(error(withEvents([event, event]))).toBe('applications[0].events[1].id duplicates applications[0].events[0].id (CgkIev1)');
    expect(error(withEvents([{ ...event, childEvents: [{ childId: 'CgkIev9' }] }]))).toBe(
      'applications[0].events[0].childEvents[0].childId is not the id of an event of this application (CgkIev9)',
    );
    expect(error(withEvents([{ ...event, visibility: 'SECRET' }]))).toBe('applications[0].events[0].visibility must be REVEALED or HIDDEN');
    const { published: _published, ...unpublished } = event;
    expect(error(withEvents([unpublished]))).toBe('applications[0].events[0].published is required');
  });

  it('seeds a player’s stats and saved games, with IDs stable from run to run; checks their applications', async () => {
    const base = DEMO_SEED.applications[0]!;
    const player = {
      playerId: 'gseed1',
      displayName: 'Seeded',
      email: 'seeded@example.com',
      stats: { [base.applicationId]: { num_sessions: 3, churn_probability: 0.5 } },
      snapshots: [{ uniqueName: 'slot-1', title: 'First', progressValue: 7, lastModifiedMillis: 1000 }],
    };
    const config = validateEmulatorConfig({ applications: [base], players: [player] });
    const one = await createEmulator({ config });
    const two = await createEmulator({ config });
    const saves = [one, two].map(({ state }) => state.findPlayer('gseed1')!.snapshots.get(base.applicationId)!.get('slot-1')!);
    expect(saves[0]).toMatchObject({ uniqueName: 'slot-1', title: 'First', progressValue: 7, lastModifiedMillis: 1000, durationMillis: 0 });
    expect(saves[1]!.id).toBe(saves[0]!.id);
    expect(saves[1]!.driveId).toBe(saves[0]!.driveId);
    expect(one.state.findPlayer('gseed1')!.stats.get(base.applicationId)).toEqual({ num_sessions: 3, churn_probability: 0.5 });
    const error = (value: unknown) => {
      try {
        validateEmulatorConfig(value);
      } catch (caught) {
        return (caught as EmulatorConfigError).message;
      }
      return 'valid';
    };
    expect(error({ applications: [base], players: [{ ...player, stats: { '1': { num_sessions: 1 } } }] })).toBe('players[0].stats[1] is not the applicationId of a seeded application');
    expect(error({ applications: [base], players: [{ ...player, stats: { [base.applicationId]: { numSessions: 1 } } }] })).toBe(
      `players[0].stats[${base.applicationId}].numSessions is not a known field`,
    );
    expect(error({ applications: [base], players: [{ ...player, snapshots: [player.snapshots[0], player.snapshots[0]] }] })).toBe(
      'players[0].snapshots[1].uniqueName duplicates players[0].snapshots[0].uniqueName (slot-1)',
    );
  });

  it('is applied by createEmulator to a programmatic config', async () => {
    const config = clone();
    config.applications[0]!.achievements[0]!.initialState = 'GONE' as 'HIDDEN';
    await expect(createEmulator({ config })).rejects.toThrow('applications[0].achievements[0].initialState must be HIDDEN, REVEALED or UNLOCKED');
  });
});

describe('loadEmulatorConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgs-seed-'));

  it('loads a valid file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify(DEMO_SEED));
    expect(loadEmulatorConfig(path)).toEqual(DEMO_SEED);
  });

  it('names the file and the field, a parse error or a missing file', () => {
    const bad = join(dir, 'bad.json');
    const config = clone() as unknown as { applications: Array<{ achievements: Array<Record<string, unknown>> }> };
    config.applications[0]!.achievements[3]!.achievementType = 'SECRET';
    writeFileSync(bad, JSON.stringify(config));
    expect(() => loadEmulatorConfig(bad)).toThrow(`config file ${bad}: applications[0].achievements[3].achievementType must be STANDARD or INCREMENTAL`);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "applications": [');
    expect(() => loadEmulatorConfig(broken)).toThrow(new RegExp(`^config file ${broken} is not valid JSON`));
    expect(() => loadEmulatorConfig(join(dir, 'missing.json'))).toThrow(/cannot read config file .*missing\.json: no such file/);
  });
});
