/**
 * The scores part: each leaderboard's bests per player, and the players hidden from an
 * application's leaderboards (`EmulatorState.scores`, `hiddenPlayers`). Boards are saved by
 * application and leaderboard ID, players by player ID, scores (int64) as decimal strings.
 */
import { Type, type Static } from 'typebox';
import { SCORE_TIME_SPANS } from '../../../google/wire/scores.js';
import type { PlayerBests, ScoreEntry } from '../../leaderboard-logic.js';
import type { ApplicationRecord, LeaderboardRecord, PlayerRecord } from '../../state.js';
import { applicationOf, checkShape, playerOf, refuse, type StatePart } from '../state-part.js';

const Text = Type.String({ minLength: 1, maxLength: 500 });
const EpochMs = Type.Integer({ minimum: 0 });

const ScoreEntryJson = Type.Object(
  {
    /** int64, as a decimal string. */
    value: Type.String({ pattern: '^-?[0-9]{1,19}$' }),
    tag: Type.Optional(Type.String({ maxLength: 64 })),
    writtenAt: EpochMs,
    /** The start of the DAILY or WEEKLY period it was submitted in (0 for ALL_TIME). */
    period: EpochMs,
  },
  { additionalProperties: false },
);

const BestsJson = Type.Object(
  Object.fromEntries(SCORE_TIME_SPANS.map((span) => [span, Type.Optional(ScoreEntryJson)])),
  { additionalProperties: false },
);

const BoardJson = Type.Object(
  {
    applicationId: Text,
    leaderboardId: Text,
    players: Type.Array(Type.Object({ playerId: Text, bests: BestsJson }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const HiddenJson = Type.Object(
  {
    applicationId: Text,
    players: Type.Array(Type.Object({ playerId: Text, hiddenAt: EpochMs }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const ScoresJson = Type.Object({ boards: Type.Array(BoardJson), hiddenPlayers: Type.Array(HiddenJson) }, { additionalProperties: false });

export type ScoresPartJson = Static<typeof ScoresJson>;
type EntryJson = Static<typeof ScoreEntryJson>;

function encodeEntry(entry: ScoreEntry): EntryJson {
  return { value: entry.value.toString(), ...(entry.tag === undefined ? {} : { tag: entry.tag }), writtenAt: entry.writtenAt, period: entry.period };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export const scoresPart: StatePart<ScoresPartJson> = {
  name: 'scores',
  schema: ScoresJson,
  empty: { boards: [], hiddenPlayers: [] },

  encode(state) {
    const boards: ScoresPartJson['boards'] = [];
    for (const [board, perPlayer] of state.scores) {
      boards.push({
        applicationId: applicationOfBoard(state.applications, board).applicationId,
        leaderboardId: board.id,
        players: [...perPlayer].map(([player, bests]) => ({
          playerId: player.playerId,
          bests: Object.fromEntries(SCORE_TIME_SPANS.flatMap((span) => (bests[span] ? [[span, encodeEntry(bests[span])]] : []))),
        })),
      });
    }
    return {
      boards,
      hiddenPlayers: [...state.hiddenPlayers].map(([application, players]) => ({
        applicationId: application.applicationId,
        players: [...players].map(([player, hiddenAt]) => ({ playerId: player.playerId, hiddenAt })),
      })),
    };
  },

  decode(json, context) {
    checkShape(ScoresJson, json, 'scores');
    const scores = new Map<LeaderboardRecord, Map<PlayerRecord, PlayerBests>>();
    json.boards.forEach((entry, b) => {
      const field = `scores.boards[${b}]`;
      const application = applicationOf(context.state, entry.applicationId, `${field}.applicationId`);
      const board = application.leaderboardsById.get(entry.leaderboardId);
      if (!board) refuse(`${field}.leaderboardId`, `names leaderboard ${entry.leaderboardId}, which application ${entry.applicationId} does not have`);
      if (scores.has(board)) refuse(`${field}.leaderboardId`, `lists leaderboard ${entry.leaderboardId} twice`);
      const perPlayer = new Map<PlayerRecord, PlayerBests>();
      entry.players.forEach(({ playerId, bests }, p) => {
        const player = playerOf(context, playerId, `${field}.players[${p}].playerId`);
        if (perPlayer.has(player)) refuse(`${field}.players[${p}].playerId`, `lists player ${playerId} twice`);
        const decoded: PlayerBests = {};
        for (const span of SCORE_TIME_SPANS) {
          const saved = (bests as Partial<Record<string, EntryJson>>)[span];
          if (saved === undefined) continue;
          const value = BigInt(saved.value);
          if (value < INT64_MIN || value > INT64_MAX) refuse(`${field}.players[${p}].bests.${span}.value`, 'is outside int64');
          decoded[span] = { value, tag: saved.tag, writtenAt: saved.writtenAt, period: saved.period };
        }
        perPlayer.set(player, decoded);
      });
      scores.set(board, perPlayer);
    });

    const hiddenPlayers = new Map<ApplicationRecord, Map<PlayerRecord, number>>();
    json.hiddenPlayers.forEach((entry, h) => {
      const field = `scores.hiddenPlayers[${h}]`;
      const application = applicationOf(context.state, entry.applicationId, `${field}.applicationId`);
      if (hiddenPlayers.has(application)) refuse(`${field}.applicationId`, `lists application ${entry.applicationId} twice`);
      const hidden = new Map<PlayerRecord, number>();
      entry.players.forEach(({ playerId, hiddenAt }, p) => hidden.set(playerOf(context, playerId, `${field}.players[${p}].playerId`), hiddenAt));
      hiddenPlayers.set(application, hidden);
    });

    return (state) => {
      state.scores = scores;
      state.hiddenPlayers = hiddenPlayers;
    };
  },
};

function applicationOfBoard(applications: readonly ApplicationRecord[], board: LeaderboardRecord): ApplicationRecord {
  const application = applications.find((candidate) => candidate.leaderboardsById.get(board.id) === board);
  // Every board of the state comes from one of its applications.
  if (!application) throw new Error(`leaderboard ${board.id} belongs to no application`);
  return application;
}
