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
        'players.get',
        'players.getScopedPlayerIds',
      ]),
    );
    for (const [name, method] of listed) {
      expect(method.id).toBe(`games.${name}`);
      const url = `/${method.path as string}`.replace(/\{([^}]+)\}/g, ':$1');
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
    const names = methods(doc).map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['achievements.reset', 'achievements.resetAll', 'achievements.resetForAllPlayers', 'achievements.resetAllForAllPlayers', 'achievements.resetMultipleForAllPlayers']));
    expect(names.every((name) => !name.startsWith('players.'))).toBe(true);
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
    late.app.get('/games/v1/leaderboards/:leaderboardId', { config: routeConfig('games.leaderboards.get', { response: 'Leaderboard' }) }, () => ({}));
    late.app.get(
      '/games/v1/leaderboards',
      { schema: { querystring: Type.Object({ pageToken: Type.Optional(Type.String()) }) }, config: routeConfig('games.leaderboards.list', { response: 'LeaderboardListResponse' }) },
      () => ({}),
    );
    await late.app.ready();
  });
  afterAll(() => late.app.close());

  it('appears in its API’s document with no change to the generator; an answer schema not described is named, with nextPageToken when paged', async () => {
    const doc = (await call(late.app, 'GET', '/discovery/v1/apis/games/v1/rest')).body;
    expect(doc.resources.leaderboards.methods.get).toMatchObject({
      id: 'games.leaderboards.get',
      path: 'games/v1/leaderboards/{leaderboardId}',
      httpMethod: 'GET',
      parameterOrder: ['leaderboardId'],
      response: { $ref: 'Leaderboard' },
    });
    expect(doc.schemas.Leaderboard).toEqual({ id: 'Leaderboard', type: 'object', description: expect.any(String) });
    expect(doc.schemas.LeaderboardListResponse.properties).toEqual({ nextPageToken: { type: 'string', description: expect.any(String) } });
  });
});
