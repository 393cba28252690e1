/**
 * A player ID that holds no valid text (a NUL byte, another control character, a lone surrogate)
 * is refused at the edge, with the same 400 on both stores, before any store or Google call.
 * Regression: on PostgreSQL such an ID answered 500 ("invalid byte sequence for encoding UTF8:
 * 0x00") on every game-server route, and a sign-in with such a `playerId` failed only after its
 * server auth code was spent; SQLite answered 404 or 403.
 */
import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, signInNewPlayer } from '../test-support/harness.js';
import { liveOpenApiDocument } from '../test-support/openapi-document.js';

const SERVER_API_KEY = 'test-server-api-key-0123456789abcdef';
const KEY = { authorization: `Bearer ${SERVER_API_KEY}` };
const BAD_IDS = [
  ['a NUL byte', 'a%00b'],
  ['a line feed', 'a%0Ab'],
  ['DEL', 'a%7Fb'],
  ['a C1 control', 'a%C2%85b'],
] as const;

/** Every route of the live document that takes `{playerId}` in its path, as method and Fastify URL. */
async function playerIdRoutes(): Promise<{ method: string; path: string }[]> {
  const document = await liveOpenApiDocument();
  return Object.entries(document.paths)
    .filter(([path]) => path.includes('{playerId}'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
}

describeEachStore('player IDs are refused at the edge', (database) => {
  const harness = harnessesFor(database);

  it('every route taking a playerId answers 400 INVALID_REQUEST for an ID that is not text', async () => {
    const h = await harness({ env: { PGS_SERVER_API_KEY: SERVER_API_KEY } });
    const routes = await playerIdRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const { method, path } of routes) {
      for (const [what, id] of BAD_IDS) {
        const url = path.replace('{playerId}', id).replace(/\{[^}]+\}/g, 'CgkIlNDIwqcbEAIQAQ');
        const res = await h.app.inject({ method: method as 'GET', url, headers: KEY, payload: method === 'GET' ? undefined : { steps: 1 } });
        expect({ route: `${method} ${path}`, what, status: res.statusCode, body: res.json() }).toEqual({
          route: `${method} ${path}`,
          what,
          status: 400,
          body: { error: { code: 'INVALID_REQUEST', message: expect.stringContaining('params.playerId must be a Play Games player ID') } },
        });
      }
    }
  });

  it('a sign-in claiming such a playerId is refused before its code is spent', async () => {
    const h = await harness();
    const player = await h.control.createPlayer({ displayName: 'Nul' });
    const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId: player.playerId, clientId: h.config.google.credentials!.clientId, forceRefreshToken: true });
    for (const playerId of [`${player.playerId}\u0000`, `a\u0000b`, `a\ud800b`, `a\u001bb`]) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode, playerId } });
      expect({ status: res.statusCode, body: res.json() }).toEqual({
        status: 400,
        body: { error: { code: 'INVALID_REQUEST', message: expect.stringContaining('playerId must be a Play Games player ID') } },
      });
    }
    expect(await h.store.findPlayerByPlayerId(h.config.google.applicationId!, player.playerId)).toBeUndefined();
    // The code was never sent to Google: it still signs the player in.
    const ok = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode, playerId: player.playerId } });
    expect(ok.statusCode).toBe(200);
  });

  it('an achievement, event or Recall session ID in a body that is not text answers 400, and no Google call is made', async () => {
    const h = await harness();
    const { accessToken } = await signInNewPlayer(h);
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    // Raw JSON: a lone surrogate cannot be sent through JSON.stringify's object form unescaped.
    const loneSurrogates = '"\\udfff\\ud800"';
    const callsBefore = (await h.control.requests({})).length;
    const cases = [
      { url: '/v1/auth/recall', headers: { 'content-type': 'application/json' }, payload: `{"recallSessionId":${loneSurrogates}}`, field: 'recallSessionId must be a Recall session ID' },
      { url: '/v1/me/achievements:batch', headers: auth, payload: `{"updates":[{"achievementId":${loneSurrogates},"type":"UNLOCK"}]}`, field: 'achievementId must be an achievement ID' },
      { url: '/v1/me/events', headers: auth, payload: `{"updates":[{"eventId":${loneSurrogates},"count":1}]}`, field: 'eventId must be an event ID' },
      { url: '/v1/auth/play-games', headers: { 'content-type': 'application/json' }, payload: `{"serverAuthCode":"4/x","recallSessionId":"a\\u0000b"}`, field: 'recallSessionId must be a Recall session ID' },
    ];
    for (const { url, headers, payload, field } of cases) {
      const res = await h.app.inject({ method: 'POST', url, headers, payload });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 400,
        body: { error: { code: 'INVALID_REQUEST', message: expect.stringContaining(field) } },
      });
    }
    expect((await h.control.requests({})).length).toBe(callsBefore);
  });

  it('an ID of printable text outside ASCII still reaches the route (404: never signed in here)', async () => {
    const h = await harness({ env: { PGS_SERVER_API_KEY: SERVER_API_KEY } });
    const res = await h.app.inject({ method: 'GET', url: `/v1/players/${encodeURIComponent('joueur-é😀')}/achievements`, headers: KEY });
    expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 404, code: 'PLAYER_NOT_FOUND' });
  });
});

describe('player ID pattern', () => {
  it('the document shows the pattern on every playerId parameter', async () => {
    const document = await liveOpenApiDocument();
    const parameters = Object.values(document.paths)
      .flatMap((operations) => Object.values(operations))
      .flatMap((operation) => (operation.parameters as { name: string; in: string; schema: { pattern?: string } }[] | undefined) ?? [])
      .filter((parameter) => parameter.name === 'playerId' && parameter.in === 'path');
    expect(parameters.length).toBeGreaterThan(0);
    for (const parameter of parameters) expect(parameter.schema.pattern).toBeDefined();
  });
});
