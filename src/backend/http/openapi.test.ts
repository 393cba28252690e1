/**
 * The OpenAPI document is fit for code generators: every operation is named, once, by a stable
 * camelCase `operationId` (the method names of a generated client), shared shapes are named once
 * under `components.schemas`, and examples are true per status.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { liveOpenApiDocument, operationsOf, type OpenApiDocument } from '../test-support/openapi-document.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { component, hoistComponents } from './openapi-components.js';

let document: OpenApiDocument;
beforeAll(async () => {
  document = await liveOpenApiDocument();
});

describe('operation IDs', () => {
  it('every operation has one: camelCase, unique', () => {
    const ids = operationsOf(document).map(({ method, path, operation }) => operation.operationId ?? `(none on ${method} ${path})`);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are stable: a rename breaks every generated client, so it is a decision, made here', () => {
    const byRoute = Object.fromEntries(operationsOf(document).map(({ method, path, operation }) => [`${method} ${path}`, operation.operationId]));
    expect(byRoute).toEqual({
      'GET /healthz': 'getHealth',
      'GET /readyz': 'getReadiness',
      'GET /metrics': 'getMetrics',
      'POST /v1/auth/play-games': 'signInWithPlayGames',
      'POST /v1/auth/recall': 'restoreWithRecall',
      'POST /v1/me/recall': 'linkMeWithRecall',
      'POST /v1/auth/refresh': 'refreshSession',
      'POST /v1/auth/logout': 'logout',
      'GET /v1/me': 'getMe',
      'DELETE /v1/me': 'deleteMe',
      'GET /v1/me/achievements': 'listMyAchievements',
      'POST /v1/me/achievements/{achievementId}/unlock': 'unlockMyAchievement',
      'POST /v1/me/achievements/{achievementId}/increment': 'incrementMyAchievement',
      'POST /v1/me/achievements/{achievementId}/reveal': 'revealMyAchievement',
      'POST /v1/me/achievements/{achievementId}/set-steps-at-least': 'setMyAchievementStepsAtLeast',
      'POST /v1/me/achievements:batch': 'batchUpdateMyAchievements',
      'POST /v1/me/achievements/{achievementId}/reset': 'resetMyAchievement',
      'POST /v1/me/achievements:reset': 'resetAllMyAchievements',
      'GET /v1/players/{playerId}/achievements': 'listPlayerAchievements',
      'POST /v1/players/{playerId}/achievements/{achievementId}/unlock': 'unlockPlayerAchievement',
      'POST /v1/players/{playerId}/achievements/{achievementId}/increment': 'incrementPlayerAchievement',
      'POST /v1/players/{playerId}/achievements/{achievementId}/reveal': 'revealPlayerAchievement',
      'POST /v1/players/{playerId}/achievements/{achievementId}/set-steps-at-least': 'setPlayerAchievementStepsAtLeast',
      'POST /v1/players/{playerId}/achievements:batch': 'batchUpdatePlayerAchievements',
      'POST /v1/players/{playerId}/achievements/{achievementId}/reset': 'resetPlayerAchievement',
      'POST /v1/players/{playerId}/achievements:reset': 'resetAllPlayerAchievements',
      'GET /v1/admin/achievements/outbox': 'getAchievementOutbox',
      'GET /v1/leaderboards': 'listLeaderboards',
      'GET /v1/leaderboards/{leaderboardId}/scores': 'listLeaderboardScores',
      'GET /v1/me/leaderboards/{leaderboardId}/scores': 'listMyScores',
      'POST /v1/me/leaderboards/{leaderboardId}/scores': 'submitMyScore',
      'POST /v1/players/{playerId}/leaderboards/{leaderboardId}/scores': 'submitPlayerScore',
      'GET /v1/admin/leaderboards/outbox': 'getScoreOutbox',
      'POST /v1/admin/players/{playerId}/leaderboards:hide': 'hidePlayerFromLeaderboards',
      'POST /v1/admin/players/{playerId}/leaderboards:unhide': 'unhidePlayerFromLeaderboards',
      'GET /v1/admin/players': 'searchPlayers',
      'GET /v1/admin/players/{id}': 'getAdminPlayer',
      'GET /v1/admin/players/{id}/achievements': 'getAdminPlayerAchievements',
      'GET /v1/admin/players/{id}/scores': 'getAdminPlayerScores',
      'GET /v1/admin/players/{id}/events': 'getAdminPlayerEvents',
      'POST /v1/admin/players/{id}/revoke': 'revokePlayer',
      'GET /v1/admin/outbox/writes': 'listOutboxWrites',
      'POST /v1/admin/outbox/writes/{writeId}/retry': 'retryOutboxWrite',
      'POST /v1/admin/outbox/writes/{writeId}/cancel': 'cancelOutboxWrite',
      'GET /v1/admin/outbox/scores': 'listOutboxScoreWrites',
      'POST /v1/admin/outbox/scores/{writeId}/retry': 'retryOutboxScoreWrite',
      'POST /v1/admin/outbox/scores/{writeId}/cancel': 'cancelOutboxScoreWrite',
      'GET /v1/admin/outbox/events': 'listOutboxEventWrites',
      'POST /v1/admin/outbox/events/{writeId}/retry': 'retryOutboxEventWrite',
      'POST /v1/admin/outbox/events/{writeId}/cancel': 'cancelOutboxEventWrite',
      'GET /v1/admin/metrics': 'getAdminMetrics',
      'GET /v1/admin/audit-log': 'getAuditLog',
      'GET /v1/me/events': 'listMyEvents',
      'POST /v1/me/events': 'recordMyEvents',
      'GET /v1/admin/events/outbox': 'getEventOutbox',
      'GET /v1/me/stats': 'getMyStats',
      'GET /v1/me/saved-games': 'listMySavedGames',
    });
  });
});

describe('named schemas', () => {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const jsonSchema = (operation: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }, status: string) =>
    operation.responses[status]?.content?.['application/json']?.schema;

  it('lists the shared shapes once under components.schemas', () => {
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Player', 'Session', 'SignInAnswer', 'ErrorBody', 'ErrorCode', 'AchievementItem', 'AchievementList', 'AchievementState', 'UnlockAnswer', 'PendingWrite', 'BatchAnswer']),
    );
    expect(document.components.schemas.SignInAnswer).toMatchObject({ properties: { player: ref('Player'), session: ref('Session') } });
    expect(document.components.schemas.AchievementList).toMatchObject({ properties: { items: { type: 'array', items: ref('AchievementItem') } } });
    // The naming annotation is the document's business only: none is left in it.
    expect(JSON.stringify(document)).not.toContain('x-component');
  });

  it('refers to them from the routes', () => {
    expect(jsonSchema(document.paths['/v1/auth/play-games']!.post!, '200')).toEqual(ref('SignInAnswer'));
    expect(jsonSchema(document.paths['/v1/me']!.get!, '200')).toEqual(ref('Player'));
    expect(jsonSchema(document.paths['/v1/me/achievements']!.get!, '200')).toEqual(ref('AchievementList'));
    expect(jsonSchema(document.paths['/v1/me/achievements/{achievementId}/unlock']!.post!, '202')).toEqual(ref('PendingWrite'));
  });

  it('every error answer is an ErrorBody, described by the codes of its status', () => {
    for (const { method, path, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || path === '/readyz') continue;
        expect(jsonSchema(operation, status), `${method} ${path} ${status}`).toEqual(ref('ErrorBody'));
        expect(response.description, `${method} ${path} ${status}`).toMatch(/^[A-Z_]+(, [A-Z_]+)*$/);
      }
    }
  });

  it('refuses one name given to two different shapes', () => {
    const doc = { paths: { a: { schema: { type: 'string', ...component('Id') } }, b: { schema: { type: 'integer', ...component('Id') } } } };
    expect(() => hoistComponents(doc)).toThrow('two different schemas are named Id');
  });
});

describe('examples', () => {
  const media = (path: string, method: string, status: string) => document.paths[path]![method]!.responses[status]?.content?.['application/json'];

  it('every error answer shows each code its status answers, the first listed first', () => {
    for (const { method, path, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || path === '/readyz') continue;
        const examples = response.content?.['application/json']?.examples ?? {};
        const shown = Object.values(examples).map(({ value }) => (value as { error: { code: ErrorCode } }).error.code);
        expect(shown, `${method} ${path} ${status}`).toEqual(response.description.split(', '));
        for (const code of shown) expect(ERROR_CODES[code].status, `${method} ${path} ${status} ${code}`).toBe(Number(status));
      }
    }
    expect(Object.keys(media('/v1/auth/play-games', 'post', '503')?.examples ?? {})).toEqual(['GOOGLE_UNAVAILABLE']);
    expect(media('/v1/auth/play-games', 'post', '503')?.examples?.GOOGLE_UNAVAILABLE?.value).toEqual({
      error: { code: 'GOOGLE_UNAVAILABLE', message: ERROR_CODES.GOOGLE_UNAVAILABLE.message },
    });
  });

  it('success examples say what the routes answer', () => {
    for (const path of ['/v1/me/achievements/{achievementId}/unlock', '/v1/players/{playerId}/achievements/{achievementId}/unlock']) {
      expect(media(path, 'post', '200')?.example).toEqual({ state: 'UNLOCKED', newlyUnlocked: true });
    }
    expect(media('/v1/me/achievements/{achievementId}/reveal', 'post', '200')?.example).toEqual({ state: 'REVEALED' });
    expect(media('/v1/me/achievements/{achievementId}/increment', 'post', '200')?.example).toMatchObject({ currentSteps: expect.any(Number) });
    // A HIDDEN achievement carries no name or description, in the example too.
    const items = (media('/v1/me/achievements', 'get', '200')?.example as { items: { state: string; name?: string }[] }).items;
    expect(items.filter((item) => item.state === 'HIDDEN').map((item) => item.name)).toEqual([undefined]);
    // The example sits beside the schema: the response still refers to its one component.
    expect(media('/v1/me/achievements/{achievementId}/unlock', 'post', '200')?.schema).toEqual({ $ref: '#/components/schemas/UnlockAnswer' });
  });
});

describe('servers', () => {
  it('names the server the document is served from', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });
});
