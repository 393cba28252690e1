/**
 * Every method of the three Google APIs a Play Games game server and its tests touch (Games v1,
 * Games Management v1management, Games Configuration v1configuration), as Google's discovery
 * documents list them: the list the coverage table (docs/google/coverage.md,
 * `coverage.test.ts`) measures the emulator against. Taken from the discovery documents at
 * `discoveryUrl`, through the client googleapis generates from them (`generatedClient`;
 * googleapis 174 was read); `coverage.test.ts` checks each method against that client.
 * `imageConfigurations.upload` (a media upload for console icons) is left out: googleapis
 * generates no method for it.
 */
import { GOOGLE_DISCOVERY_DOCUMENTS } from '../google/endpoints.js';

/** One method: its discovery ID, HTTP method and path (relative to the API's root URL). */
export interface GoogleMethod {
  id: string;
  httpMethod: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}

export interface GoogleApiMethods {
  /** The API's discovery name, as `DISCOVERY_APIS` (`discovery-document.ts`) names it. */
  api: string;
  version: string;
  discoveryUrl: string;
  generatedClient: string;
  methods: readonly GoogleMethod[];
}

export const GOOGLE_API_METHODS: readonly GoogleApiMethods[] = [
  {
    api: 'games',
    version: 'v1',
    discoveryUrl: GOOGLE_DISCOVERY_DOCUMENTS.games,
    generatedClient: 'https://github.com/googleapis/google-api-nodejs-client/blob/main/src/apis/games/v1.ts',
    methods: [
      { id: 'games.accesstokens.generatePlayGroupingApiToken', httpMethod: 'POST', path: 'games/v1/accesstokens/generatePlayGroupingApiToken' },
      { id: 'games.accesstokens.generateRecallPlayGroupingApiToken', httpMethod: 'POST', path: 'games/v1/accesstokens/generateRecallPlayGroupingApiToken' },
      { id: 'games.achievementDefinitions.list', httpMethod: 'GET', path: 'games/v1/achievements' },
      { id: 'games.achievements.increment', httpMethod: 'POST', path: 'games/v1/achievements/{achievementId}/increment' },
      { id: 'games.achievements.list', httpMethod: 'GET', path: 'games/v1/players/{playerId}/achievements' },
      { id: 'games.achievements.reveal', httpMethod: 'POST', path: 'games/v1/achievements/{achievementId}/reveal' },
      { id: 'games.achievements.setStepsAtLeast', httpMethod: 'POST', path: 'games/v1/achievements/{achievementId}/setStepsAtLeast' },
      { id: 'games.achievements.unlock', httpMethod: 'POST', path: 'games/v1/achievements/{achievementId}/unlock' },
      { id: 'games.achievements.updateMultiple', httpMethod: 'POST', path: 'games/v1/achievements/updateMultiple' },
      { id: 'games.applications.get', httpMethod: 'GET', path: 'games/v1/applications/{applicationId}' },
      { id: 'games.applications.getEndPoint', httpMethod: 'POST', path: 'games/v1/applications/getEndPoint' },
      { id: 'games.applications.played', httpMethod: 'POST', path: 'games/v1/applications/played' },
      { id: 'games.applications.verify', httpMethod: 'GET', path: 'games/v1/applications/{applicationId}/verify' },
      { id: 'games.events.listByPlayer', httpMethod: 'GET', path: 'games/v1/events' },
      { id: 'games.events.listDefinitions', httpMethod: 'GET', path: 'games/v1/eventDefinitions' },
      { id: 'games.events.record', httpMethod: 'POST', path: 'games/v1/events' },
      { id: 'games.leaderboards.get', httpMethod: 'GET', path: 'games/v1/leaderboards/{leaderboardId}' },
      { id: 'games.leaderboards.list', httpMethod: 'GET', path: 'games/v1/leaderboards' },
      { id: 'games.metagame.getMetagameConfig', httpMethod: 'GET', path: 'games/v1/metagameConfig' },
      { id: 'games.metagame.listCategoriesByPlayer', httpMethod: 'GET', path: 'games/v1/players/{playerId}/categories/{collection}' },
      { id: 'games.players.get', httpMethod: 'GET', path: 'games/v1/players/{playerId}' },
      { id: 'games.players.getMultipleApplicationPlayerIds', httpMethod: 'GET', path: 'games/v1/players/me/multipleApplicationPlayerIds' },
      { id: 'games.players.getScopedPlayerIds', httpMethod: 'GET', path: 'games/v1/players/me/scopedIds' },
      { id: 'games.players.list', httpMethod: 'GET', path: 'games/v1/players/me/players/{collection}' },
      { id: 'games.recall.gamesPlayerTokens', httpMethod: 'GET', path: 'games/v1/recall/gamesPlayerTokens/{sessionId}' },
      { id: 'games.recall.lastTokenFromAllDeveloperGames', httpMethod: 'GET', path: 'games/v1/recall/developerGamesLastPlayerToken/{sessionId}' },
      { id: 'games.recall.linkPersona', httpMethod: 'POST', path: 'games/v1/recall:linkPersona' },
      { id: 'games.recall.resetPersona', httpMethod: 'POST', path: 'games/v1/recall:resetPersona' },
      { id: 'games.recall.retrieveTokens', httpMethod: 'GET', path: 'games/v1/recall/tokens/{sessionId}' },
      { id: 'games.recall.unlinkPersona', httpMethod: 'POST', path: 'games/v1/recall:unlinkPersona' },
      { id: 'games.revisions.check', httpMethod: 'GET', path: 'games/v1/revisions/check' },
      { id: 'games.scores.get', httpMethod: 'GET', path: 'games/v1/players/{playerId}/leaderboards/{leaderboardId}/scores/{timeSpan}' },
      { id: 'games.scores.list', httpMethod: 'GET', path: 'games/v1/leaderboards/{leaderboardId}/scores/{collection}' },
      { id: 'games.scores.listWindow', httpMethod: 'GET', path: 'games/v1/leaderboards/{leaderboardId}/window/{collection}' },
      { id: 'games.scores.submit', httpMethod: 'POST', path: 'games/v1/leaderboards/{leaderboardId}/scores' },
      { id: 'games.scores.submitMultiple', httpMethod: 'POST', path: 'games/v1/leaderboards/scores' },
      { id: 'games.snapshots.get', httpMethod: 'GET', path: 'games/v1/snapshots/{snapshotId}' },
      { id: 'games.snapshots.list', httpMethod: 'GET', path: 'games/v1/players/{playerId}/snapshots' },
      { id: 'games.stats.get', httpMethod: 'GET', path: 'games/v1/stats' },
    ],
  },
  {
    api: 'gamesManagement',
    version: 'v1management',
    discoveryUrl: GOOGLE_DISCOVERY_DOCUMENTS.gamesManagement,
    generatedClient: 'https://github.com/googleapis/google-api-nodejs-client/blob/main/src/apis/gamesManagement/v1management.ts',
    methods: [
      { id: 'gamesManagement.achievements.reset', httpMethod: 'POST', path: 'games/v1management/achievements/{achievementId}/reset' },
      { id: 'gamesManagement.achievements.resetAll', httpMethod: 'POST', path: 'games/v1management/achievements/reset' },
      { id: 'gamesManagement.achievements.resetAllForAllPlayers', httpMethod: 'POST', path: 'games/v1management/achievements/resetAllForAllPlayers' },
      { id: 'gamesManagement.achievements.resetForAllPlayers', httpMethod: 'POST', path: 'games/v1management/achievements/{achievementId}/resetForAllPlayers' },
      { id: 'gamesManagement.achievements.resetMultipleForAllPlayers', httpMethod: 'POST', path: 'games/v1management/achievements/resetMultipleForAllPlayers' },
      { id: 'gamesManagement.applications.listHidden', httpMethod: 'GET', path: 'games/v1management/applications/{applicationId}/players/hidden' },
      { id: 'gamesManagement.events.reset', httpMethod: 'POST', path: 'games/v1management/events/{eventId}/reset' },
      { id: 'gamesManagement.events.resetAll', httpMethod: 'POST', path: 'games/v1management/events/reset' },
      { id: 'gamesManagement.events.resetAllForAllPlayers', httpMethod: 'POST', path: 'games/v1management/events/resetAllForAllPlayers' },
      { id: 'gamesManagement.events.resetForAllPlayers', httpMethod: 'POST', path: 'games/v1management/events/{eventId}/resetForAllPlayers' },
      { id: 'gamesManagement.events.resetMultipleForAllPlayers', httpMethod: 'POST', path: 'games/v1management/events/resetMultipleForAllPlayers' },
      { id: 'gamesManagement.players.hide', httpMethod: 'POST', path: 'games/v1management/applications/{applicationId}/players/hidden/{playerId}' },
      { id: 'gamesManagement.players.unhide', httpMethod: 'DELETE', path: 'games/v1management/applications/{applicationId}/players/hidden/{playerId}' },
      { id: 'gamesManagement.scores.reset', httpMethod: 'POST', path: 'games/v1management/leaderboards/{leaderboardId}/scores/reset' },
      { id: 'gamesManagement.scores.resetAll', httpMethod: 'POST', path: 'games/v1management/scores/reset' },
      { id: 'gamesManagement.scores.resetAllForAllPlayers', httpMethod: 'POST', path: 'games/v1management/scores/resetAllForAllPlayers' },
      { id: 'gamesManagement.scores.resetForAllPlayers', httpMethod: 'POST', path: 'games/v1management/leaderboards/{leaderboardId}/scores/resetForAllPlayers' },
      { id: 'gamesManagement.scores.resetMultipleForAllPlayers', httpMethod: 'POST', path: 'games/v1management/scores/resetMultipleForAllPlayers' },
    ],
  },
  {
    api: 'gamesConfiguration',
    version: 'v1configuration',
    discoveryUrl: GOOGLE_DISCOVERY_DOCUMENTS.gamesConfiguration,
    generatedClient: 'https://github.com/googleapis/google-api-nodejs-client/blob/main/src/apis/gamesConfiguration/v1configuration.ts',
    methods: [
      { id: 'gamesConfiguration.achievementConfigurations.delete', httpMethod: 'DELETE', path: 'games/v1configuration/achievements/{achievementId}' },
      { id: 'gamesConfiguration.achievementConfigurations.get', httpMethod: 'GET', path: 'games/v1configuration/achievements/{achievementId}' },
      { id: 'gamesConfiguration.achievementConfigurations.insert', httpMethod: 'POST', path: 'games/v1configuration/applications/{applicationId}/achievements' },
      { id: 'gamesConfiguration.achievementConfigurations.list', httpMethod: 'GET', path: 'games/v1configuration/applications/{applicationId}/achievements' },
      { id: 'gamesConfiguration.achievementConfigurations.update', httpMethod: 'PUT', path: 'games/v1configuration/achievements/{achievementId}' },
      { id: 'gamesConfiguration.leaderboardConfigurations.delete', httpMethod: 'DELETE', path: 'games/v1configuration/leaderboards/{leaderboardId}' },
      { id: 'gamesConfiguration.leaderboardConfigurations.get', httpMethod: 'GET', path: 'games/v1configuration/leaderboards/{leaderboardId}' },
      { id: 'gamesConfiguration.leaderboardConfigurations.insert', httpMethod: 'POST', path: 'games/v1configuration/applications/{applicationId}/leaderboards' },
      { id: 'gamesConfiguration.leaderboardConfigurations.list', httpMethod: 'GET', path: 'games/v1configuration/applications/{applicationId}/leaderboards' },
      { id: 'gamesConfiguration.leaderboardConfigurations.update', httpMethod: 'PUT', path: 'games/v1configuration/leaderboards/{leaderboardId}' },
    ],
  },
];
