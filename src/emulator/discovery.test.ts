import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './create-emulator.js';
import { routeConfig } from './request-context.js';
import { call, envelope, startEmulator, type Reply } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

const HOST = { host: 'emulator.test:8090' };

/** Every method of a discovery document, with its resource path. */
function methods(resource: Reply['body'], prefix = ''): Array<[string, Reply['body']]> {
  const own = Object.entries(resource.methods ?? {}).map(([name, method]) => [`${prefix}${name}`, method] as [string, Reply['body']]);
  const nested = Object.entries(resource.resources ?? {}).flatMap(([name, child]) => methods(child, `${prefix}${name}.`));
  return [...own, ...nested];
}

describe('GET /discovery/v1/apis/{api}/{version}/rest', () => {
  it('serves games v1 with rootUrl at the emulator, as the request reached it', async () => {
    const reply = await call(emulator.app, 'GET', '/discovery/v1/apis/games/v1/rest', undefined, HOST);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      kind: 'discovery#restDescription',
      discoveryVersion: 'v1',
      id: 'games:v1',
      name: 'games',
      version: 'v1',
      protocol: 'rest',
      rootUrl: 'http://emulator.test:8090/',
      servicePath: '',
      baseUrl: 'http://emulator.test:8090/',
      batchPath: 'batch',
    });
    expect(reply.body.parameters.fields).toEqual({ type: 'string', location: 'query', description: expect.any(String) });
  });

  it('lists the Games methods the emulator serves, and only those: each at a path it answers', async () => {
    const doc = (await call(emulator.app, 'GET', '/discovery/v1/apis/games/v1/rest')).body;
    const listed = methods(doc);
    expect(listed.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'achievementDefinitions.list',
        'achievements.increment',
        'achievements.list',
        'achievements.reveal',
        'achievements.setStepsAtLeast',
        'achievements.unlock',
        'achievements.updateMultiple',
        'applications.verify',
        'leaderboards.get',
        'leaderboards.list',
        'players.get',
        'players.getScopedPlayerIds',
        'recall.gamesPlayerTokens',
        'recall.lastTokenFromAllDeveloperGames',
        'recall.linkPersona',
        'recall.resetPersona',
        'recall.retrieveTokens',
        'recall.unlinkPersona',
        'scores.get',
        'scores.list',
        'scores.listWindow',
        'scores.submit',
        'scores.submitMultiple',
      ]),
    );
    for (const [name, method] of listed) {
      expect(method.id).toBe(`games.${name}`);
      // A literal colon (`recall:linkPersona`) is `::` in a Fastify route.
      const url = `/${method.path as string}`.replaceAll(':', '::').replace(/\{([^}]+)\}/g, ':$1');
      expect([name, emulator.app.hasRoute({ method: method.httpMethod, url })]).toEqual([name, true]);
      if (method.response) expect(doc.schemas[method.response.$ref]).toMatchObject({ id: method.response.$ref, type: 'object' });
      if (method.request) expect(doc.schemas[method.request.$ref]).toMatchObject({ id: method.request.$ref, type: 'object' });
    }
  });

  it('describes a method’s parameters with Google’s types, locations and parameterOrder', async () => {
    const doc = (await call(emulator.app, 'GET', '/discovery/v1/apis/games/v1/rest')).body;
    expect(doc.resources.achievements.methods.increment).toEqual({
      id: 'games.achievements.increment',
      path: 'games/v1/achievements/{achievementId}/increment',
      flatPath: 'games/v1/achievements/{achievementId}/increment',
      httpMethod: 'POST',
      parameters: {
        achievementId: { type: 'string', location: 'path', required: true },
        stepsToIncrement: { type: 'integer', format: 'int32', minimum: '1', maximum: '2147483647', location: 'query', required: true },
        requestId: { type: 'string', format: 'int64', location: 'query' },
      },
      parameterOrder: ['achievementId', 'stepsToIncrement'],
      response: { $ref: 'AchievementIncrementResponse' },
      scopes: ['https://www.googleapis.com/auth/games'],
      description: expect.any(String),
    });
    expect(doc.resources.achievements.methods.list.parameters.state).toEqual({ type: 'string', enum: ['ALL', 'HIDDEN', 'REVEALED', 'UNLOCKED'], location: 'query' });
    expect(doc.resources.achievements.methods.updateMultiple.request).toEqual({ $ref: 'AchievementUpdateMultipleRequest' });
    expect(doc.schemas.AchievementUpdateMultipleRequest.properties.updates.items.properties.incrementPayload.properties.requestId).toEqual({ type: 'string', format: 'int64' });
  });

  it('describes the answers’ schemas, with the schemas they refer to', async () => {
    const doc = (await call(emulator.app, 'GET', '/discovery/v1/apis/games/v1/rest')).body;
    expect(doc.schemas.PlayerAchievementListResponse).toEqual({
      id: 'PlayerAchievementListResponse',
      type: 'object',
      properties: { kind: { type: 'string' }, items: { type: 'array', items: { $ref: 'PlayerAchievement' } }, nextPageToken: { type: 'string' } },
    });
    expect(doc.schemas.PlayerAchievement.properties).toMatchObject({ id: { type: 'string' }, lastUpdatedTimestamp: { type: 'string', format: 'int64' } });
    expect(doc.schemas.Player.properties.experienceInfo).toEqual({ $ref: 'PlayerExperienceInfo' });
    expect(doc.schemas.PlayerExperienceInfo.properties.currentLevel).toEqual({ $ref: 'PlayerLevel' });
    expect(doc.schemas.PlayerLevel.properties.level).toEqual({ type: 'integer', format: 'int32' });
    // Every $ref in the document names a schema it carries.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g)!.map((match) => match.slice(8, -1));
    for (const name of new Set(refs)) expect([name, doc.schemas[name]?.id]).toEqual([name, name]);
  });

  it('serves gamesManagement v1management, its body fields in JSON names', async () => {
    const doc = (await call(emulator.app, 'GET', '/discovery/v1/apis/gamesManagement/v1management/rest')).body;
    expect(doc.id).toBe('gamesManagement:v1management');
    const listed = methods(doc);
    expect(listed.map(([name]) => name)).toEqual(expect.arrayContaining(['achievements.reset', 'achievements.resetAll', 'achievements.resetForAllPlayers', 'achievements.resetAllForAllPlayers', 'achievements.resetMultipleForAllPlayers']));
    // The Games API's players methods are not the Management API's.
    for (const [name, method] of listed) expect([name, method.path]).toEqual([name, expect.stringMatching(/^games\/v1management\//)]);
    expect(doc.resources.achievements.methods.resetMultipleForAllPlayers).toMatchObject({ request: { $ref: 'AchievementResetMultipleForAllRequest' } });
    expect(doc.resources.achievements.methods.resetMultipleForAllPlayers.response).toBeUndefined();
    expect(doc.schemas.AchievementResetMultipleForAllRequest.properties).toEqual({ kind: { type: 'string' }, achievementIds: { type: 'array', items: { type: 'string' } } });
  });

  it('answers Google’s 404 for an API or version it does not serve', async () => {
    for (const url of ['/discovery/v1/apis/drive/v3/rest', '/discovery/v1/apis/games/v2/rest', '/$discovery/rest?version=v9', '/$discovery/rest']) {
      const reply = await call(emulator.app, 'GET', url);
      expect([url, reply.status, reply.body]).toEqual([url, 404, envelope(404, 'NOT_FOUND', 'notFound', 'Requested entity was not found.')]);
    }
  });

  it('takes fields like every Google API', async () => {
    const reply = await call(emulator.app, 'GET', '/discovery/v1/apis/games/v1/rest?fields=rootUrl,batchPath', undefined, HOST);
    expect(reply.body).toEqual({ rootUrl: 'http://emulator.test:8090/', batchPath: 'batch' });
  });
});

describe('the leaderboard and score methods', () => {
  it('Games: each with its answer’s $ref, described with the schemas it refers to', async () => {
    const doc = (await call(emulator.app, 'GET', '/discovery/v1/apis/games/v1/rest')).body;
    const refs = (resource: string) =>
      Object.fromEntries(Object.entries(doc.resources[resource].methods).map(([name, method]) => [name, [(method as Reply['body']).request?.$ref, (method as Reply['body']).response?.$ref]]));
    expect(refs('leaderboards')).toEqual({ get: [undefined, 'Leaderboard'], list: [undefined, 'LeaderboardListResponse'] });
    expect(refs('scores')).toEqual({
      get: [undefined, 'PlayerLeaderboardScoreListResponse'],
      list: [undefined, 'LeaderboardScores'],
      listWindow: [undefined, 'LeaderboardScores'],
      submit: [undefined, 'PlayerScoreResponse'],
      submitMultiple: ['PlayerScoreSubmissionList', 'PlayerScoreListResponse'],
    });
    expect(doc.resources.scores.methods.list).toMatchObject({
      path: 'games/v1/leaderboards/{leaderboardId}/scores/{collection}',
      httpMethod: 'GET',
      parameterOrder: ['leaderboardId', 'collection', 'timeSpan'],
    });
    expect(doc.schemas.LeaderboardScores).toEqual({
      id: 'LeaderboardScores',
      type: 'object',
      properties: {
        kind: { type: 'string' },
        items: { type: 'array', items: { $ref: 'LeaderboardEntry' } },
        nextPageToken: { type: 'string' },
        prevPageToken: { type: 'string' },
        numScores: { type: 'string', format: 'int64' },
        playerScore: { $ref: 'LeaderboardEntry' },
      },
    });
    expect(doc.schemas.LeaderboardEntry.properties.player).toEqual({ $ref: 'Player' });
    expect(doc.schemas.PlayerLeaderboardScore.properties.publicRank).toEqual({ $ref: 'LeaderboardScoreRank' });
    expect(doc.schemas.PlayerScoreResponse.properties.beatenScoreTimeSpans).toEqual({ type: 'array', items: { type: 'string', enum: ['ALL_TIME', 'WEEKLY', 'DAILY'] } });
    expect(doc.schemas.Leaderboard.properties.order).toEqual({ type: 'string', enum: ['LARGER_IS_BETTER', 'SMALLER_IS_BETTER'] });
    expect(doc.schemas.PlayerScoreSubmissionList.properties.scores.items.properties).toMatchObject({ leaderboardId: { type: 'string' }, scoreTag: { type: 'string' } });
  });

  it('Management: the resets and listHidden with their answers’ $refs, the 204 methods with none', async () => {
    const doc = (await call(emulator.app, 'GET', '/discovery/v1/apis/gamesManagement/v1management/rest')).body;
    const { scores, players, applications } = doc.resources;
    expect(scores.methods.reset.response).toEqual({ $ref: 'PlayerScoreResetResponse' });
    expect(scores.methods.resetAll.response).toEqual({ $ref: 'PlayerScoreResetAllResponse' });
    expect(scores.methods.resetMultipleForAllPlayers.request).toEqual({ $ref: 'ScoresResetMultipleForAllRequest' });
    expect(doc.schemas.ScoresResetMultipleForAllRequest.properties).toEqual({ kind: { type: 'string' }, leaderboardIds: { type: 'array', items: { type: 'string' } } });
    for (const method of [scores.methods.resetForAllPlayers, scores.methods.resetAllForAllPlayers, scores.methods.resetMultipleForAllPlayers, players.methods.hide, players.methods.unhide]) {
      expect([method.id, method.response]).toEqual([method.id, undefined]);
    }
    expect(players.methods.unhide).toMatchObject({ httpMethod: 'DELETE', path: 'games/v1management/applications/{applicationId}/players/hidden/{playerId}', parameterOrder: ['applicationId', 'playerId'] });
    expect(applications.methods.listHidden.response).toEqual({ $ref: 'HiddenPlayerList' });
    // The Management API's own Player, not the Games API's.
    expect(doc.schemas.HiddenPlayer.properties.player).toEqual({ $ref: 'Player' });
    expect(doc.schemas.Player.properties.experienceInfo).toEqual({ $ref: 'GamesPlayerExperienceInfoResource' });
    expect(doc.schemas.Player.properties.friendStatus).toBeUndefined();
    expect(doc.schemas.GamesPlayerExperienceInfoResource.properties.currentLevel).toEqual({ $ref: 'GamesPlayerLevelResource' });
    expect(doc.schemas.ProfileSettings.properties).toEqual({ kind: { type: 'string' }, profileVisible: { type: 'boolean' } });
  });
});

describe('GET /$discovery/rest and the directory', () => {
  it('names the API by its version, and serves the same document', async () => {
    const byVersion = await call(emulator.app, 'GET', '/$discovery/rest?version=v1management', undefined, HOST);
    const byName = await call(emulator.app, 'GET', '/discovery/v1/apis/gamesManagement/v1management/rest', undefined, HOST);
    expect(byVersion.status).toBe(200);
    expect(byVersion.body).toEqual(byName.body);
  });

  it('lists the APIs with their discoveryRestUrl at the emulator', async () => {
    const reply = await call(emulator.app, 'GET', '/discovery/v1/apis', undefined, HOST);
    expect(reply.body.kind).toBe('discovery#directoryList');
    expect(reply.body.items).toContainEqual(
      expect.objectContaining({ id: 'games:v1', name: 'games', version: 'v1', discoveryRestUrl: 'http://emulator.test:8090/discovery/v1/apis/games/v1/rest', preferred: true }),
    );
  });
});

describe('a route registered later', () => {
  let late: Emulator;
  beforeAll(async () => {
    late = await createEmulator();
    // A resource Google does not have, so that no real route ever takes its place.
    late.app.get('/games/v1/emulatorWidgets/:widgetId', { config: routeConfig('games.emulatorWidgets.get', { response: 'EmulatorWidget' }) }, () => ({}));
    late.app.get(
      '/games/v1/emulatorWidgets',
      { schema: { querystring: Type.Object({ pageToken: Type.Optional(Type.String()) }) }, config: routeConfig('games.emulatorWidgets.list', { response: 'EmulatorWidgetListResponse' }) },
      () => ({}),
    );
    await late.app.ready();
  });
  afterAll(() => late.app.close());

  it('appears in its API’s document with no change to the generator; an answer schema not described is named, with nextPageToken when paged', async () => {
    const doc = (await call(late.app, 'GET', '/discovery/v1/apis/games/v1/rest')).body;
    expect(doc.resources.emulatorWidgets.methods.get).toMatchObject({
      id: 'games.emulatorWidgets.get',
      path: 'games/v1/emulatorWidgets/{widgetId}',
      httpMethod: 'GET',
      parameterOrder: ['widgetId'],
      response: { $ref: 'EmulatorWidget' },
    });
    expect(doc.schemas.EmulatorWidget).toEqual({ id: 'EmulatorWidget', type: 'object', description: expect.any(String) });
    expect(doc.schemas.EmulatorWidgetListResponse.properties).toEqual({ nextPageToken: { type: 'string', description: expect.any(String) } });
  });
});
