/**
 * The configuration part: the achievements and leaderboards of each game the Configuration API
 * changed (`ApplicationRecord.configured`), as the seed's own shapes (an achievement with its
 * written draft, a leaderboard as Configuration JSON). A game left as the seed has it is not
 * saved, so a changed `--config` still applies to it. Decoded first, so that the players' progress
 * and the scores can refer to a game's achievements and leaderboards as the state will have them.
 */
import { Type, type Static } from 'typebox';
import { AchievementDetailBody } from '../../configuration/request-schemas.js';
import type { AchievementConfigurationDetail } from '../../../google/wire/configuration.js';
import { AchievementConfigSchema } from '../../seed.js';
import { LeaderboardConfigSchema, checkLeaderboards } from '../../seed-leaderboards.js';
import { buildAchievement, buildLeaderboard, type AchievementRecord, type ApplicationRecord, type LeaderboardRecord } from '../../state.js';
import { applicationOf, checkShape, refuse, type StatePart } from '../state-part.js';

const ConfigurationJson = Type.Object(
  {
    applications: Type.Array(
      Type.Object(
        {
          applicationId: Type.String({ minLength: 1 }),
          updatedAt: Type.Integer({ minimum: 0 }),
          achievements: Type.Array(Type.Object({ config: AchievementConfigSchema, draftDetail: Type.Optional(AchievementDetailBody) }, { additionalProperties: false })),
          leaderboards: Type.Array(LeaderboardConfigSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ConfigurationPartJson = Static<typeof ConfigurationJson>;

export const configurationPart: StatePart<ConfigurationPartJson> = {
  name: 'configuration',
  schema: ConfigurationJson,
  empty: { applications: [] },

  encode(state) {
    return {
      applications: state.applications
        .filter((application) => application.configured)
        .map((application) => ({
          applicationId: application.applicationId,
          updatedAt: application.updatedAt ?? 0,
          achievements: application.achievements.map((achievement) => ({
            config: achievement.config,
            ...(achievement.draftDetail === undefined ? {} : { draftDetail: achievement.draftDetail }),
          })),
          leaderboards: application.leaderboards.map((board) => board.config),
        })),
    };
  },

  decode(json, context) {
    checkShape(ConfigurationJson, json, 'configuration');
    const installs: Array<{ application: ApplicationRecord; achievements: AchievementRecord[]; leaderboards: LeaderboardRecord[]; updatedAt: number }> = [];
    json.applications.forEach((entry, a) => {
      const field = `configuration.applications[${a}]`;
      const application = applicationOf(context.state, entry.applicationId, `${field}.applicationId`);
      if (context.configured.has(application)) refuse(`${field}.applicationId`, `lists application ${entry.applicationId} twice`);
      const ids = new Set<string>();
      const achievements = entry.achievements.map(({ config, draftDetail }, i) => {
        if (ids.has(config.id)) refuse(`${field}.achievements[${i}].config.id`, `lists achievement ${config.id} twice`);
        ids.add(config.id);
        return buildAchievement(config, draftDetail as AchievementConfigurationDetail | undefined);
      });
      checkLeaderboards(entry.leaderboards, field, (at, message) => refuse(at, message));
      const leaderboards = entry.leaderboards.map(buildLeaderboard);
      context.configured.set(application, {
        achievementsById: new Map(achievements.map((achievement) => [achievement.config.id, achievement])),
        leaderboardsById: new Map(leaderboards.map((board) => [board.id, board])),
      });
      installs.push({ application, achievements, leaderboards, updatedAt: entry.updatedAt });
    });
    return (state) => {
      for (const install of installs) state.installConfiguration(install.application, install.achievements, install.leaderboards, install.updatedAt);
    };
  },
};
