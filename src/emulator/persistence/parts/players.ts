/**
 * The players part: every player with their ID history, profile, friends, achievement progress
 * and increment dedup results, event counts and `events.record` dedup, stats, saved-game metadata
 * and when they last played (`EmulatorState.players`, `playerAliases`, `playersByEmail`,
 * `playersBySub`, `nextPlayerKey`). Friends are saved by player ID; the lookups by earlier ID,
 * email and Google account are rebuilt. Grants are the grants part's.
 */
import { Type, type Static } from 'typebox';
import type { WriteOutcome } from '../../achievement-logic.js';
import { STATS_FLOAT_FIELDS, STATS_INT_FIELDS, type StatsValues } from '../../../google/wire/stats.js';
import type { AchievementProgress, PlayerRecord, SnapshotRecord } from '../../state.js';
import { applicationOf, checkShape, playerOf, refuse, type DecodeContext, type StatePart } from '../state-part.js';

const Text = Type.String({ minLength: 1, maxLength: 500 });
const PlayerId = Type.String({ pattern: '^[A-Za-z0-9_\\-]{1,64}$' });
const AchievementState = Type.Enum(['HIDDEN', 'REVEALED', 'UNLOCKED']);
const Steps = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const EpochMs = Type.Integer({ minimum: 0 });

const ProgressJson = Type.Object(
  {
    applicationId: Text,
    achievements: Type.Array(Type.Object({ id: Text, state: AchievementState, steps: Steps, updatedAt: EpochMs }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const RequestResultJson = Type.Object(
  {
    applicationId: Text,
    achievementId: Text,
    requestId: Text,
    outcome: Type.Object(
      { currentState: AchievementState, currentSteps: Steps, newlyUnlocked: Type.Boolean(), updateOccurred: Type.Boolean() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const EventCountsJson = Type.Object(
  { applicationId: Text, counts: Type.Array(Type.Object({ eventId: Text, count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })) },
  { additionalProperties: false },
);

const EventRequestIdJson = Type.Object({ applicationId: Text, requestId: Text }, { additionalProperties: false });

const StatsValuesJson = Type.Object(
  Object.fromEntries([
    ...STATS_FLOAT_FIELDS.map((name) => [name, Type.Optional(Type.Number())]),
    ...STATS_INT_FIELDS.map((name) => [name, Type.Optional(Type.Integer())]),
  ]),
  { additionalProperties: false },
);

const StatsJson = Type.Object({ applicationId: Text, values: StatsValuesJson }, { additionalProperties: false });

const SnapshotJson = Type.Object(
  {
    id: Text,
    uniqueName: Text,
    title: Type.String({ maxLength: 500 }),
    description: Type.String({ maxLength: 5000 }),
    durationMillis: EpochMs,
    progressValue: EpochMs,
    lastModifiedMillis: EpochMs,
    coverImage: Type.Optional(
      Type.Object({ url: Text, width: Type.Integer({ minimum: 0 }), height: Type.Integer({ minimum: 0 }), mimeType: Text }, { additionalProperties: false }),
    ),
    driveId: Text,
  },
  { additionalProperties: false },
);

const SnapshotsJson = Type.Object({ applicationId: Text, saves: Type.Array(SnapshotJson) }, { additionalProperties: false });

const PlayedJson = Type.Object({ applicationId: Text, at: EpochMs }, { additionalProperties: false });

const PlayerJson = Type.Object(
  {
    /** Internal: ranks ties and pages. Assigned in list order when missing. */
    key: Type.Optional(Type.Integer({ minimum: 1 })),
    playerId: PlayerId,
    previousPlayerIds: Type.Optional(Type.Array(PlayerId)),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 }),
    tester: Type.Optional(Type.Boolean()),
    developer: Type.Optional(Type.Boolean()),
    profileVisible: Type.Optional(Type.Boolean()),
    /** Player IDs; friendship goes both ways, so listing it on one side is enough. */
    friends: Type.Optional(Type.Array(PlayerId)),
    googleSub: Type.String({ pattern: '^[0-9]{1,30}$' }),
    gamePlayerId: Text,
    avatarImageUrl: Type.Optional(Text),
    locale: Type.Optional(Text),
    givenName: Type.Optional(Text),
    familyName: Type.Optional(Text),
    progress: Type.Optional(Type.Array(ProgressJson)),
    requestResults: Type.Optional(Type.Array(RequestResultJson)),
    events: Type.Optional(Type.Array(EventCountsJson)),
    eventRequestIds: Type.Optional(Type.Array(EventRequestIdJson)),
    stats: Type.Optional(Type.Array(StatsJson)),
    snapshots: Type.Optional(Type.Array(SnapshotsJson)),
    played: Type.Optional(Type.Array(PlayedJson)),
  },
  { additionalProperties: false },
);

const PlayersJson = Type.Object(
  { nextPlayerKey: Type.Optional(Type.Integer({ minimum: 1 })), players: Type.Array(PlayerJson) },
  { additionalProperties: false },
);

export type PlayersPartJson = Static<typeof PlayersJson>;
type PlayerJson = Static<typeof PlayerJson>;

/** The dedup key `EmulatorState.rememberRequestResult` uses. */
const SEPARATOR = '\u0000';

function encodePlayer(player: PlayerRecord): PlayerJson {
  return {
    key: player.key,
    playerId: player.playerId,
    previousPlayerIds: [...player.previousPlayerIds],
    displayName: player.displayName,
    email: player.email,
    tester: player.tester,
    developer: player.developer,
    profileVisible: player.profileVisible,
    friends: [...player.friends].map((friend) => friend.playerId),
    googleSub: player.googleSub,
    gamePlayerId: player.gamePlayerId,
    ...(player.avatarImageUrl === undefined ? {} : { avatarImageUrl: player.avatarImageUrl }),
    ...(player.locale === undefined ? {} : { locale: player.locale }),
    ...(player.givenName === undefined ? {} : { givenName: player.givenName }),
    ...(player.familyName === undefined ? {} : { familyName: player.familyName }),
    progress: [...player.progress].map(([applicationId, achievements]) => ({
      applicationId,
      achievements: [...achievements].map(([id, { state, steps, updatedAt }]) => ({ id, state, steps, updatedAt })),
    })),
    ...(player.requestResults === undefined
      ? {}
      : {
          requestResults: [...player.requestResults].map(([key, outcome]) => {
            const [applicationId = '', achievementId = '', requestId = ''] = key.split(SEPARATOR);
            return { applicationId, achievementId, requestId, outcome: { ...outcome } };
          }),
        }),
    events: [...player.eventCounts].map(([applicationId, counts]) => ({
      applicationId,
      counts: [...counts].map(([eventId, count]) => ({ eventId, count })),
    })),
    eventRequestIds: [...player.eventRequestIds].map((key) => {
      const [applicationId = '', requestId = ''] = key.split(SEPARATOR);
      return { applicationId, requestId };
    }),
    stats: [...player.stats].map(([applicationId, values]) => ({ applicationId, values: { ...values } })),
    snapshots: [...player.snapshots].map(([applicationId, saves]) => ({ applicationId, saves: [...saves.values()].map(encodeSnapshot) })),
    played: [...player.playedAt].map(([applicationId, at]) => ({ applicationId, at })),
  };
}

function encodeSnapshot(save: SnapshotRecord): Static<typeof SnapshotJson> {
  const { coverImage, ...rest } = save;
  return { ...rest, ...(coverImage === undefined ? {} : { coverImage: { ...coverImage } }) };
}

/** The per-application parts of a player that only need the application to exist. */
function decodePlayerData(json: PlayerJson, context: DecodeContext, field: string): Pick<PlayerRecord, 'eventCounts' | 'eventRequestIds' | 'stats' | 'snapshots' | 'playedAt'> {
  const eventCounts = new Map<string, Map<string, number>>();
  (json.events ?? []).forEach((perApp, a) => {
    const application = applicationOf(context.state, perApp.applicationId, `${field}.events[${a}].applicationId`);
    if (eventCounts.has(perApp.applicationId)) refuse(`${field}.events[${a}].applicationId`, `lists application ${perApp.applicationId} twice`);
    const counts = new Map<string, number>();
    perApp.counts.forEach(({ eventId, count }, i) => {
      if (!application.eventsById.has(eventId)) refuse(`${field}.events[${a}].counts[${i}].eventId`, `names event ${eventId}, which application ${perApp.applicationId} does not have`);
      counts.set(eventId, count);
    });
    eventCounts.set(perApp.applicationId, counts);
  });
  const eventRequestIds = new Set((json.eventRequestIds ?? []).map(({ applicationId, requestId }) => `${applicationId}${SEPARATOR}${requestId}`));
  const stats = new Map<string, StatsValues>();
  (json.stats ?? []).forEach(({ applicationId, values }, a) => {
    applicationOf(context.state, applicationId, `${field}.stats[${a}].applicationId`);
    stats.set(applicationId, { ...values });
  });
  const snapshots = new Map<string, Map<string, SnapshotRecord>>();
  (json.snapshots ?? []).forEach(({ applicationId, saves }, a) => {
    applicationOf(context.state, applicationId, `${field}.snapshots[${a}].applicationId`);
    snapshots.set(applicationId, new Map(saves.map((save) => [save.uniqueName, { ...save, coverImage: save.coverImage && { ...save.coverImage } }])));
  });
  const playedAt = new Map<string, number>();
  (json.played ?? []).forEach(({ applicationId, at }, a) => {
    applicationOf(context.state, applicationId, `${field}.played[${a}].applicationId`);
    playedAt.set(applicationId, at);
  });
  return { eventCounts, eventRequestIds, stats, snapshots, playedAt };
}

function decodePlayer(json: PlayerJson, key: number, context: DecodeContext, field: string): PlayerRecord {
  const progress = new Map<string, Map<string, AchievementProgress>>();
  (json.progress ?? []).forEach((perApp, a) => {
    const application = applicationOf(context.state, perApp.applicationId, `${field}.progress[${a}].applicationId`);
    if (progress.has(perApp.applicationId)) refuse(`${field}.progress[${a}].applicationId`, `lists application ${perApp.applicationId} twice`);
    const achievements = new Map<string, AchievementProgress>();
    perApp.achievements.forEach((entry, i) => {
      const at = `${field}.progress[${a}].achievements[${i}]`;
      if (!application.achievementsById.has(entry.id)) refuse(`${at}.id`, `names achievement ${entry.id}, which application ${perApp.applicationId} does not have`);
      if (achievements.has(entry.id)) refuse(`${at}.id`, `lists achievement ${entry.id} twice`);
      achievements.set(entry.id, { state: entry.state, steps: entry.steps, updatedAt: entry.updatedAt });
    });
    progress.set(perApp.applicationId, achievements);
  });
  let requestResults: Map<string, WriteOutcome> | undefined;
  if (json.requestResults !== undefined) {
    requestResults = new Map();
    for (const entry of json.requestResults) {
      requestResults.set([entry.applicationId, entry.achievementId, entry.requestId].join(SEPARATOR), { ...entry.outcome });
    }
  }
  return {
    key,
    playerId: json.playerId,
    previousPlayerIds: [...(json.previousPlayerIds ?? [])],
    displayName: json.displayName,
    email: json.email,
    tester: json.tester ?? false,
    developer: json.developer ?? false,
    profileVisible: json.profileVisible ?? true,
    friends: new Set(),
    googleSub: json.googleSub,
    gamePlayerId: json.gamePlayerId,
    avatarImageUrl: json.avatarImageUrl,
    locale: json.locale,
    givenName: json.givenName,
    familyName: json.familyName,
    progress,
    requestResults,
    ...decodePlayerData(json, context, field),
    grants: [],
  };
}

export const playersPart: StatePart<PlayersPartJson> = {
  name: 'players',
  schema: PlayersJson,
  empty: { players: [] },

  encode(state) {
    return { nextPlayerKey: state.nextPlayerKey, players: [...state.players.values()].map(encodePlayer) };
  },

  decode(json, context) {
    checkShape(PlayersJson, json, 'players');
    const players = new Map<string, PlayerRecord>();
    const aliases = new Map<string, PlayerRecord>();
    const byEmail = new Map<string, PlayerRecord>();
    const bySub = new Map<string, PlayerRecord>();
    const keys = new Set<number>();
    let nextKey = 1;
    for (const entry of json.players) nextKey = Math.max(nextKey, (entry.key ?? 0) + 1);

    json.players.forEach((entry, p) => {
      const field = `players.players[${p}]`;
      const key = entry.key ?? nextKey++;
      if (keys.has(key)) refuse(`${field}.key`, `${key} is another player's key too`);
      keys.add(key);
      const player = decodePlayer(entry, key, context, field);
      for (const id of [player.playerId, ...player.previousPlayerIds]) {
        if (context.players.has(id)) refuse(field, `has player ID ${id}, which another player (or an earlier ID) already has`);
        context.players.set(id, player);
      }
      const email = player.email.toLowerCase();
      if (byEmail.has(email)) refuse(`${field}.email`, `${player.email} is another player's email too`);
      if (bySub.has(player.googleSub)) refuse(`${field}.googleSub`, `${player.googleSub} is another player's Google account too`);
      players.set(player.playerId, player);
      for (const id of player.previousPlayerIds) aliases.set(id, player);
      byEmail.set(email, player);
      bySub.set(player.googleSub, player);
    });

    // Friends as listed first (their saved order), then the other direction of each.
    json.players.forEach((entry, p) => {
      const player = players.get(entry.playerId)!;
      (entry.friends ?? []).forEach((friendId, f) => {
        const friend = playerOf(context, friendId, `players.players[${p}].friends[${f}]`);
        if (friend === player) refuse(`players.players[${p}].friends[${f}]`, 'is the player themself');
        player.friends.add(friend);
      });
    });
    for (const player of players.values()) for (const friend of player.friends) friend.friends.add(player);

    const nextPlayerKey = Math.max(json.nextPlayerKey ?? 1, nextKey);
    return (state) => {
      state.players = players;
      state.playerAliases = aliases;
      state.playersByEmail = byEmail;
      state.playersBySub = bySub;
      state.nextPlayerKey = nextPlayerKey;
    };
  },
};
