/**
 * Stable names of every Google operation the clients call: the `operation` of `CallInfo` and of
 * every error, so metrics can label Google calls by method. Games and Management names are the
 * discovery documents' method IDs (`games.achievements.increment`…).
 */
export const GOOGLE_OPERATIONS = {
  tokenExchange: 'oauth.token.exchange',
  tokenRefresh: 'oauth.token.refresh',
  revoke: 'oauth.revoke',
  certs: 'oauth.certs',
  serviceAccountToken: 'oauth.token.jwtBearer',
  playersGet: 'games.players.get',
  playersGetScopedPlayerIds: 'games.players.getScopedPlayerIds',
  applicationsVerify: 'games.applications.verify',
  achievementDefinitionsList: 'games.achievementDefinitions.list',
  achievementsList: 'games.achievements.list',
  achievementsUnlock: 'games.achievements.unlock',
  achievementsIncrement: 'games.achievements.increment',
  achievementsReveal: 'games.achievements.reveal',
  achievementsSetStepsAtLeast: 'games.achievements.setStepsAtLeast',
  achievementsUpdateMultiple: 'games.achievements.updateMultiple',
  leaderboardsGet: 'games.leaderboards.get',
  leaderboardsList: 'games.leaderboards.list',
  scoresGet: 'games.scores.get',
  scoresList: 'games.scores.list',
  scoresListWindow: 'games.scores.listWindow',
  scoresSubmit: 'games.scores.submit',
  scoresSubmitMultiple: 'games.scores.submitMultiple',
  eventsListDefinitions: 'games.events.listDefinitions',
  eventsListByPlayer: 'games.events.listByPlayer',
  eventsRecord: 'games.events.record',
  statsGet: 'games.stats.get',
  snapshotsList: 'games.snapshots.list',
  recallLinkPersona: 'games.recall.linkPersona',
  recallUnlinkPersona: 'games.recall.unlinkPersona',
  recallResetPersona: 'games.recall.resetPersona',
  recallRetrieveTokens: 'games.recall.retrieveTokens',
  managementAchievementsReset: 'gamesManagement.achievements.reset',
  managementAchievementsResetAll: 'gamesManagement.achievements.resetAll',
  managementScoresReset: 'gamesManagement.scores.reset',
  managementScoresResetAll: 'gamesManagement.scores.resetAll',
  managementPlayersHide: 'gamesManagement.players.hide',
  managementPlayersUnhide: 'gamesManagement.players.unhide',
} as const;

export type GoogleOperation = (typeof GOOGLE_OPERATIONS)[keyof typeof GOOGLE_OPERATIONS];
