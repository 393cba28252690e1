/**
 * The Games Configuration API answers' schemas, named as Google's discovery document names them
 * (https://github.com/googleapis/google-api-nodejs-client/blob/main/discovery/gamesConfiguration-v1configuration.json),
 * each written against its wire type in `src/google/wire/configuration.ts` (`describe-schema.ts`
 * explains the compile-time check).
 */
import type {
  AchievementConfiguration,
  AchievementConfigurationDetail,
  AchievementConfigurationListResponse,
  GamesNumberAffixConfiguration,
  GamesNumberFormatConfiguration,
  LeaderboardConfiguration,
  LeaderboardConfigurationDetail,
  LeaderboardConfigurationListResponse,
  LocalizedString,
  LocalizedStringBundle,
} from '../../google/wire/configuration.js';
import { arrayOfRef, describe, int32, int64, oneOf, ref, string } from '../describe-schema.js';
import type { DiscoverySchema } from '../describe-schema.js';

const bundle = ref('LocalizedStringBundle');

/** Every answer schema of the Configuration API, and the schemas they refer to. */
export const CONFIGURATION_RESPONSE_SCHEMAS: readonly DiscoverySchema[] = [
  describe<LocalizedString>('LocalizedString', { kind: string, locale: string, value: string }),
  describe<LocalizedStringBundle>('LocalizedStringBundle', { kind: string, translations: arrayOfRef('LocalizedString') }),
  describe<AchievementConfigurationDetail>('AchievementConfigurationDetail', { kind: string, name: bundle, description: bundle, iconUrl: string, pointValue: int32, sortRank: int32 }),
  describe<AchievementConfiguration>('AchievementConfiguration', {
    kind: string,
    id: string,
    token: string,
    achievementType: oneOf('STANDARD', 'INCREMENTAL'),
    initialState: oneOf('HIDDEN', 'REVEALED'),
    stepsToUnlock: int32,
    draft: ref('AchievementConfigurationDetail'),
    published: ref('AchievementConfigurationDetail'),
  }),
  describe<AchievementConfigurationListResponse>('AchievementConfigurationListResponse', { kind: string, items: arrayOfRef('AchievementConfiguration'), nextPageToken: string }),
  describe<GamesNumberAffixConfiguration>('GamesNumberAffixConfiguration', { zero: bundle, one: bundle, two: bundle, few: bundle, many: bundle, other: bundle }),
  describe<GamesNumberFormatConfiguration>('GamesNumberFormatConfiguration', {
    numberFormatType: oneOf('NUMERIC', 'TIME_DURATION', 'CURRENCY'),
    numDecimalPlaces: int32,
    currencyCode: string,
    suffix: ref('GamesNumberAffixConfiguration'),
  }),
  describe<LeaderboardConfigurationDetail>('LeaderboardConfigurationDetail', {
    kind: string,
    name: bundle,
    iconUrl: string,
    sortRank: int32,
    scoreFormat: ref('GamesNumberFormatConfiguration'),
  }),
  describe<LeaderboardConfiguration>('LeaderboardConfiguration', {
    kind: string,
    id: string,
    token: string,
    scoreOrder: oneOf('LARGER_IS_BETTER', 'SMALLER_IS_BETTER'),
    scoreMin: int64,
    scoreMax: int64,
    draft: ref('LeaderboardConfigurationDetail'),
    published: ref('LeaderboardConfigurationDetail'),
  }),
  describe<LeaderboardConfigurationListResponse>('LeaderboardConfigurationListResponse', { kind: string, items: arrayOfRef('LeaderboardConfiguration'), nextPageToken: string }),
];
