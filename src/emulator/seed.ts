/**
 * The emulator's seed: the applications (each with its OAuth clients, achievement definitions
 * and leaderboards) and players it starts with, and back to which `POST /emulator/v1/reset`
 * returns. A JSON file passed as `pgs emulator --config FILE` has this shape; it is validated with
 * TypeBox, then checked for what a schema cannot say (unique IDs, steps only on INCREMENTAL…).
 * Every error names the bad field: `applications[0].achievements[3].achievementType must be
 * STANDARD or INCREMENTAL`.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { EventConfigSchema, checkEvents } from './seed-events.js';
import { SeedSnapshotSchema, StatsValuesSchema } from './seed-player-data.js';
import { LeaderboardConfigSchema, checkLeaderboards } from './seed-leaderboards.js';

const NonEmpty = (options: Record<string, unknown> = {}) => Type.String({ minLength: 1, ...options });

export const ClientConfigSchema = Type.Object(
  { clientId: NonEmpty(), clientSecret: NonEmpty() },
  { additionalProperties: false },
);

export const AchievementConfigSchema = Type.Object(
  {
    id: NonEmpty({ maxLength: 128, pattern: '^[A-Za-z0-9_.\\-]+$' }),
    name: NonEmpty({ maxLength: 100 }),
    description: Type.String({ maxLength: 500 }),
    achievementType: Type.Enum(['STANDARD', 'INCREMENTAL']),
    /** INCREMENTAL only: 1..10000 (the Play Console's limit). */
    totalSteps: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    initialState: Type.Enum(['HIDDEN', 'REVEALED', 'UNLOCKED']),
    /** XP for unlocking (Google: 100 × points). */
    experiencePoints: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    revealedIconUrl: Type.Optional(NonEmpty()),
    unlockedIconUrl: Type.Optional(NonEmpty()),
    /** false for a draft: visible to testers only, resettable for all players. */
    published: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const ApplicationConfigSchema = Type.Object(
  {
    /** The Play Console application ID, digits only (e.g. 12 digits). */
    applicationId: NonEmpty({ pattern: '^[0-9]+$' }),
    name: NonEmpty(),
    /** The game server's web OAuth client: `<digits>-<random>.apps.googleusercontent.com`. */
    webClientId: NonEmpty(),
    webClientSecret: NonEmpty(),
    /** The Android client; ID tokens carry it as `azp` when set. It has no secret. */
    androidClientId: Type.Optional(NonEmpty()),
    /** Another web client of the same game (e.g. a second game server). */
    secondWebClient: Type.Optional(ClientConfigSchema),
    achievements: Type.Array(AchievementConfigSchema),
    /** Google's Configuration API `LeaderboardConfiguration` JSON, as is (`seed-leaderboards.ts`). */
    leaderboards: Type.Optional(Type.Array(LeaderboardConfigSchema)),
    /** Event definitions: the Games API's `EventDefinition` JSON plus `published` (`seed-events.ts`). */
    events: Type.Optional(Type.Array(EventConfigSchema)),
  },
  { additionalProperties: false },
);

export const PlayerConfigSchema = Type.Object(
  {
    playerId: NonEmpty({ maxLength: 64, pattern: '^[A-Za-z0-9_\\-]+$' }),
    displayName: NonEmpty({ maxLength: 100 }),
    email: NonEmpty({ pattern: '^[^@\\s]+@[^@\\s]+$' }),
    tester: Type.Optional(Type.Boolean()),
    /** Stands for a Play Console (developer) account: may call the `…ForAllPlayers` resets. */
    developer: Type.Optional(Type.Boolean()),
    /** Whether the player shares their profile (so appears on PUBLIC leaderboards); default true. */
    profileVisible: Type.Optional(Type.Boolean()),
    /** Player IDs of other seeded players: friends both ways (FRIENDS leaderboards). */
    friends: Type.Optional(Type.Array(NonEmpty())),
    /** The Google account's `sub`: stable, never the player ID. Derived from the player ID if absent. */
    googleSub: Type.Optional(NonEmpty({ pattern: '^[0-9]+$' })),
    gamePlayerId: Type.Optional(NonEmpty()),
    avatarImageUrl: Type.Optional(NonEmpty()),
    locale: Type.Optional(NonEmpty()),
    givenName: Type.Optional(NonEmpty()),
    familyName: Type.Optional(NonEmpty()),
    /** What `stats.get` answers, per application ID (`seed-player-data.ts`). */
    stats: Type.Optional(Type.Record(Type.String({ pattern: '^[0-9]+$' }), StatsValuesSchema)),
    /** Saved-game metadata (`seed-player-data.ts`). */
    snapshots: Type.Optional(Type.Array(SeedSnapshotSchema)),
  },
  { additionalProperties: false },
);

export const EmulatorConfigSchema = Type.Object(
  {
    applications: Type.Array(ApplicationConfigSchema, { minItems: 1 }),
    players: Type.Optional(Type.Array(PlayerConfigSchema)),
  },
  { additionalProperties: false },
);

export type ClientConfig = Static<typeof ClientConfigSchema>;
export type AchievementConfig = Static<typeof AchievementConfigSchema>;
export type ApplicationConfig = Static<typeof ApplicationConfigSchema>;
export type PlayerConfig = Static<typeof PlayerConfigSchema>;
export type EmulatorConfig = Static<typeof EmulatorConfigSchema>;

/** A seed that cannot be used; `field` is the path of the first bad field. */
export class EmulatorConfigError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'EmulatorConfigError';
    this.field = field;
  }
}

/** `/applications/0/achievements/3/id` → `applications[0].achievements[3].id`. */
function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^[0-9]+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function join(path: string, property: string): string {
  return path === '' ? property : `${path}.${property}`;
}

function listOf(values: readonly unknown[]): string {
  const names = values.map(String);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function describe(error: SchemaError, root: string): { field: string; message: string } {
  const path = fieldPath(error.instancePath);
  const prefixed = (p: string) => (root === '' ? p : p === '' ? root : `${root}.${p}`);
  const params = error.params;
  switch (error.keyword) {
    case 'required': {
      const missing = (params.requiredProperties as unknown[] | undefined)?.[0] ?? params.missingProperty;
      const field = prefixed(join(path, String(missing)));
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const extra = (params.additionalProperties as unknown[] | undefined)?.[0] ?? params.additionalProperty;
      const field = prefixed(join(path, String(extra)));
      return { field, message: `${field} is not a known field` };
    }
    case 'enum':
      return { field: prefixed(path), message: `${prefixed(path)} must be ${listOf((params.allowedValues as unknown[]) ?? [])}` };
    case 'type':
      return { field: prefixed(path), message: `${prefixed(path)} must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}` };
    case 'minLength':
      return { field: prefixed(path), message: `${prefixed(path)} must not be empty` };
    case 'maxLength':
      return { field: prefixed(path), message: `${prefixed(path)} must be at most ${String(params.limit)} characters` };
    case 'minimum':
      return { field: prefixed(path), message: `${prefixed(path)} must be at least ${String(params.limit)}` };
    case 'maximum':
      return { field: prefixed(path), message: `${prefixed(path)} must be at most ${String(params.limit)}` };
    case 'minItems':
      return { field: prefixed(path), message: `${prefixed(path)} must have at least ${String(params.limit)} item(s)` };
    case 'pattern':
      return { field: prefixed(path), message: `${prefixed(path)} has a bad format (must match ${String(params.pattern)})` };
    default:
      return { field: prefixed(path), message: `${prefixed(path)} ${error.message}` };
  }
}

/**
 * Checks a value against a TypeBox schema and throws an `EmulatorConfigError` naming the most
 * specific bad field. `root` prefixes the paths (e.g. `applications[2]`).
 */
export function assertMatches<T extends TSchema>(schema: T, value: unknown, root = ''): asserts value is Static<T> {
  if (Value.Check(schema, value)) return;
  const errors = [...Value.Errors(schema, value)] as unknown as SchemaError[];
  const relevant = errors.filter((error) => error.keyword !== 'boolean');
  // The deepest error is the most specific one; ties keep TypeBox's order.
  const depth = (error: SchemaError) =>
    error.instancePath.split('/').length + (error.keyword === 'required' || error.keyword === 'additionalProperties' ? 1 : 0);
  let best = relevant[0];
  for (const error of relevant) if (best === undefined || depth(error) > depth(best)) best = error;
  if (!best) throw new EmulatorConfigError(root, `${root || 'config'} is invalid`);
  const { field, message } = describe(best, root);
  throw new EmulatorConfigError(field, message === '' ? 'config must be an object' : message);
}

function fail(field: string, message: string): never {
  throw new EmulatorConfigError(field, `${field} ${message}`);
}

/** Validates a seed (schema, then cross-field rules) and returns it typed. */
export function validateEmulatorConfig(value: unknown): EmulatorConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EmulatorConfigError('', 'config must be a JSON object with "applications" (and optionally "players")');
  }
  assertMatches(EmulatorConfigSchema, value);
  const config = value;
  const applicationIds = new Map<string, string>();
  const clientIds = new Map<string, string>();
  config.applications.forEach((app, a) => {
    const at = `applications[${a}]`;
    const seenApp = applicationIds.get(app.applicationId);
    if (seenApp) fail(`${at}.applicationId`, `duplicates ${seenApp}.applicationId (${app.applicationId})`);
    applicationIds.set(app.applicationId, at);
    const clients: Array<[string, string]> = [[`${at}.webClientId`, app.webClientId]];
    if (app.androidClientId !== undefined) clients.push([`${at}.androidClientId`, app.androidClientId]);
    if (app.secondWebClient) clients.push([`${at}.secondWebClient.clientId`, app.secondWebClient.clientId]);
    for (const [field, clientId] of clients) {
      const seen = clientIds.get(clientId);
      if (seen) fail(field, `duplicates ${seen} (${clientId})`);
      clientIds.set(clientId, field);
    }
    const achievementIds = new Map<string, number>();
    app.achievements.forEach((achievement, i) => {
      const field = `${at}.achievements[${i}]`;
      const seen = achievementIds.get(achievement.id);
      if (seen !== undefined) fail(`${field}.id`, `duplicates ${at}.achievements[${seen}].id (${achievement.id})`);
      achievementIds.set(achievement.id, i);
      if (achievement.achievementType === 'INCREMENTAL' && achievement.totalSteps === undefined) {
        fail(`${field}.totalSteps`, 'is required for an INCREMENTAL achievement');
      }
      if (achievement.achievementType === 'STANDARD' && achievement.totalSteps !== undefined) {
        fail(`${field}.totalSteps`, 'is only allowed on an INCREMENTAL achievement');
      }
    });
    checkLeaderboards(app.leaderboards ?? [], at, fail);
    checkEvents(app.events ?? [], at, fail);
  });
  const playerIds = new Map<string, number>();
  const emails = new Map<string, number>();
  const subs = new Map<string, number>();
  (config.players ?? []).forEach((player, p) => {
    const at = `players[${p}]`;
    const checks: Array<[Map<string, number>, string, string | undefined]> = [
      [playerIds, 'playerId', player.playerId],
      [emails, 'email', player.email.toLowerCase()],
      [subs, 'googleSub', player.googleSub],
    ];
    for (const [seen, name, key] of checks) {
      if (key === undefined) continue;
      const previous = seen.get(key);
      if (previous !== undefined) fail(`${at}.${name}`, `duplicates players[${previous}].${name}`);
      seen.set(key, p);
    }
  });
  (config.players ?? []).forEach((player, p) => {
    for (const applicationId of Object.keys(player.stats ?? {})) {
      if (!applicationIds.has(applicationId)) fail(`players[${p}].stats[${applicationId}]`, 'is not the applicationId of a seeded application');
    }
    const names = new Map<string, number>();
    (player.snapshots ?? []).forEach((snapshot, s) => {
      const field = `players[${p}].snapshots[${s}]`;
      const applicationId = snapshot.applicationId ?? config.applications[0]!.applicationId;
      if (!applicationIds.has(applicationId)) fail(`${field}.applicationId`, `is not the applicationId of a seeded application (${applicationId})`);
      const key = `${applicationId}\u0000${snapshot.uniqueName}`;
      const seen = names.get(key);
      if (seen !== undefined) fail(`${field}.uniqueName`, `duplicates players[${p}].snapshots[${seen}].uniqueName (${snapshot.uniqueName})`);
      names.set(key, s);
    });
  });
  (config.players ?? []).forEach((player, p) => {
    (player.friends ?? []).forEach((friendId, f) => {
      const field = `players[${p}].friends[${f}]`;
      if (friendId === player.playerId) fail(field, 'is the player themself');
      if (!playerIds.has(friendId)) fail(field, `is not the playerId of a seeded player (${friendId})`);
    });
  });
  return config;
}

/** Reads, parses and validates a seed file; errors name the file and the bad field. */
export function loadEmulatorConfig(path: string): EmulatorConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EmulatorConfigError('', `cannot read config file ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EmulatorConfigError('', `config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return validateEmulatorConfig(value);
  } catch (error) {
    if (error instanceof EmulatorConfigError) throw new EmulatorConfigError(error.field, `config file ${path}: ${error.message}`);
    throw error;
  }
}
