import { createPrivateKey, sign } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, REGULAR, TESTER, api, call, groundTruth, postForm, signIn, startEmulator } from '../test-support/harness.js';

const RECALL_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

/** A service-account token of application `index`, through the JWT-bearer grant. */
async function serviceToken(index = 0, scope = RECALL_SCOPE): Promise<string> {
  const key = (await call(emulator.app, 'GET', '/emulator/v1/applications')).body.applications[index].serviceAccountKey;
  const iat = Math.floor(Date.now() / 1000);
  const claims = { iss: key.client_email, scope, aud: key.token_uri, iat, exp: iat + 3600 };
  const input = `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const assertion = `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(key.private_key)).toString('base64url')}`;
  const reply = await postForm(emulator.app, '/token', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
  if (reply.status !== 200) throw new Error(`serviceToken: ${reply.status} ${reply.raw}`);
  return reply.body.access_token as string;
}

async function session(playerId = REGULAR.playerId, applicationId?: string): Promise<string> {
  const reply = await call(emulator.app, 'POST', '/emulator/v1/recallSessions', { playerId, ...(applicationId ? { applicationId } : {}) });
  expect(reply.status).toBe(201);
  return reply.body.recallSessionId as string;
}

const link = (token: string, body: Record<string, unknown>, query = '') => api(emulator.app, 'POST', `/games/v1/recall:linkPersona${query}`, token, body);
const strict = { cardinalityConstraint: 'ONE_PERSONA_TO_ONE_PLAYER' };

describe('POST /emulator/v1/recallSessions', () => {
  it('mints a session for a player in the demo game by default, an hour long', async () => {
    const reply = await call(emulator.app, 'POST', '/emulator/v1/recallSessions', { playerId: REGULAR.playerId });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ recallSessionId: expect.stringMatching(/^recall-emu-[A-Za-z0-9_-]{43}$/), expiresInSeconds: 3600 });
    expect(emulator.state.findRecallSession(reply.body.recallSessionId)?.application.applicationId).toBe(DEMO_APP.applicationId);
  });

  it('refuses an unknown player, an unknown application and unknown fields', async () => {
    expect((await call(emulator.app, 'POST', '/emulator/v1/recallSessions', { playerId: 'nobody' })).status).toBe(404);
    const app = await call(emulator.app, 'POST', '/emulator/v1/recallSessions', { playerId: REGULAR.playerId, applicationId: '1' });
    expect(app.status).toBe(400);
    expect(app.body.error.message).toContain('applicationId 1');
    expect((await call(emulator.app, 'POST', '/emulator/v1/recallSessions', { playerId: REGULAR.playerId, player: 'x' })).status).toBe(400);
    expect(emulator.state.recallSessions.size).toBe(0);
  });
});

describe('recall.linkPersona and retrieveTokens', () => {
  it('links a persona, and the session\'s player then retrieves the token (never the persona)', async () => {
    const token = await serviceToken();
    const sessionId = await session();
    const linked = await link(token, { sessionId, persona: 'persona-a', token: 'token-a', ...strict, conflictingLinksResolutionPolicy: 'KEEP_EXISTING_LINKS' });
    expect(linked).toMatchObject({ status: 200, body: { state: 'LINK_CREATED' } });
    const later = await session();
    const tokens = await api(emulator.app, 'GET', `/games/v1/recall/tokens/${later}`, token);
    expect(tokens).toMatchObject({ status: 200, body: { tokens: [{ token: 'token-a', multiPlayerPersona: false }] } });
    expect(JSON.stringify(tokens.body)).not.toContain('persona-a');
    expect((await groundTruth(emulator.app, REGULAR.playerId)).recallLinks[DEMO_APP.applicationId]).toEqual([
      { persona: 'persona-a', token: 'token-a', linkedAt: expect.any(String) },
    ]);
  });

  it('takes Google\'s Node sample as it is: snake_case fields, sessionId in the query, no constraint', async () => {
    const token = await serviceToken();
    const sessionId = await session();
    const reply = await link(token, { token: 't', persona: 'p', conflicting_links_resolution_policy: 'CREATE_NEW_LINK' }, `?sessionId=${encodeURIComponent(sessionId)}`);
    expect(reply).toMatchObject({ status: 200, body: { state: 'LINK_CREATED' } });
    const snakeQuery = await link(token, { token: 't2', persona: 'p2' }, `?session_id=${encodeURIComponent(sessionId)}`);
    expect(snakeQuery.body).toEqual({ state: 'LINK_CREATED' });
    // Without a constraint a player may hold several tokens.
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${sessionId}`, token)).body.tokens.map((t: { token: string }) => t.token)).toEqual(['t', 't2']);
  });

  it('answers 404 from retrieveTokens when nothing is linked, as Google\'s sample expects', async () => {
    const reply = await api(emulator.app, 'GET', `/games/v1/recall/tokens/${await session()}`, await serviceToken());
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND', errors: [{ reason: 'notFound' }] });
  });

  it('follows ONE_PERSONA_TO_ONE_PLAYER: KEEP_EXISTING_LINKS changes nothing, CREATE_NEW_LINK replaces', async () => {
    const token = await serviceToken();
    await link(token, { sessionId: await session(REGULAR.playerId), persona: 'account-1', token: 'r1', ...strict, conflictingLinksResolutionPolicy: 'CREATE_NEW_LINK' });
    const testerSession = await session(TESTER.playerId);
    const kept = await link(token, { sessionId: testerSession, persona: 'account-1', token: 't1', ...strict, conflictingLinksResolutionPolicy: 'KEEP_EXISTING_LINKS' });
    expect(kept.body).toEqual({ state: 'PERSONA_OR_PLAYER_ALREADY_LINKED' });
    // The default policy keeps existing links too.
    expect((await link(token, { sessionId: testerSession, persona: 'account-1', token: 't1', ...strict })).body.state).toBe('PERSONA_OR_PLAYER_ALREADY_LINKED');
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${testerSession}`, token)).status).toBe(404);
    const moved = await link(token, { sessionId: testerSession, persona: 'account-1', token: 't1', ...strict, conflictingLinksResolutionPolicy: 'CREATE_NEW_LINK' });
    expect(moved.body).toEqual({ state: 'LINK_CREATED' });
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${testerSession}`, token)).body.tokens).toEqual([{ token: 't1', multiPlayerPersona: false }]);
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${await session(REGULAR.playerId)}`, token)).status).toBe(404);
    // Re-linking the same pair is no conflict: the token is replaced.
    expect((await link(token, { sessionId: testerSession, persona: 'account-1', token: 't2', ...strict, conflictingLinksResolutionPolicy: 'KEEP_EXISTING_LINKS' })).body.state).toBe('LINK_CREATED');
    expect((await groundTruth(emulator.app, TESTER.playerId)).recallLinks[DEMO_APP.applicationId].map((l: { token: string }) => l.token)).toEqual(['t2']);
  });

  it('reports multiPlayerPersona when a persona is linked to several players (no constraint)', async () => {
    const token = await serviceToken();
    await link(token, { sessionId: await session(REGULAR.playerId), persona: 'shared', token: 'a' });
    await link(token, { sessionId: await session(TESTER.playerId), persona: 'shared', token: 'b' });
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${await session(TESTER.playerId)}`, token)).body.tokens).toEqual([{ token: 'b', multiPlayerPersona: true }]);
  });

  it('expires links by ttl or expireTime on the emulator clock', async () => {
    const token = await serviceToken();
    const sessionId = await session();
    const reply = await link(token, { sessionId, persona: 'p', token: 't', ttl: '60s' });
    expect(reply.status).toBe(200);
    const listed = await api(emulator.app, 'GET', `/games/v1/recall/tokens/${sessionId}`, token);
    expect(Date.parse(listed.body.tokens[0].expireTime) - emulator.state.clock.now()).toBeGreaterThan(55_000);
    emulator.state.clock.advance(61);
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${await session()}`, token)).status).toBe(404);
  });

  it('refuses bad input with Google\'s 400 and links nothing', async () => {
    const token = await serviceToken();
    const sessionId = await session();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ persona: 'p', token: 't' }, 'required', 'Required parameter: session_id'],
      [{ sessionId: 'recall-emu-unknown', persona: 'p', token: 't' }, 'invalid', 'The recall session ID is unknown or has expired; ask the device for a new one (requestRecallAccess).'],
      [{ sessionId, token: 't' }, 'required', 'Required parameter: persona'],
      [{ sessionId, persona: 'p' }, 'required', 'Required parameter: token'],
      [{ sessionId, persona: 'x'.repeat(257), token: 't' }, 'invalid', "Invalid value at 'persona': must be at most 256 characters."],
      [{ sessionId, persona: 'p', token: 't', cardinality_constraint: 'ONE_TOKEN_PER_PERSONA_PER_GAME' }, 'invalid', expect.stringContaining("Invalid value at 'cardinality_constraint'")],
      [{ sessionId, persona: 'p', token: 't', ttl: '1s', expireTime: '2999-01-01T00:00:00Z' }, 'invalid', 'Only one of expire_time and ttl may be set.'],
      [{ sessionId, persona: 'p', token: 't', expireTime: '2000-01-01T00:00:00Z' }, 'invalid', 'expire_time must be in the future.'],
      [{ sessionId, persona: 'p', token: 't', personna: 'typo' }, 'invalid', 'Invalid JSON payload received. Unknown name "personna": Cannot find field.'],
    ];
    for (const [body, reason, message] of cases) {
      const reply = await link(token, body);
      expect({ status: reply.status, reason: reply.body.error.errors[0].reason, message: reply.body.error.message }).toEqual({ status: 400, reason, message });
    }
    expect(emulator.state.recallLinks.size).toBe(0);
  });
});

describe('who may call Recall', () => {
  it('only a service account of the session\'s game, with the Android Publisher scope', async () => {
    const sessionId = await session();
    const url = `/games/v1/recall/tokens/${sessionId}`;
    expect((await call(emulator.app, 'GET', url)).body.error.errors[0].reason).toBe('required');
    expect((await api(emulator.app, 'GET', url, 'ya29.emu-nonsense')).status).toBe(401);
    const player = await api(emulator.app, 'GET', url, (await signIn(emulator.app)).access_token);
    expect({ status: player.status, reason: player.body.error.errors[0].reason }).toEqual({ status: 403, reason: 'insufficientPermissions' });
    const unscoped = await api(emulator.app, 'GET', url, await serviceToken(0, 'https://www.googleapis.com/auth/cloud-platform'));
    expect(unscoped.status).toBe(403);
    const otherGame = await api(emulator.app, 'GET', url, await serviceToken(1));
    expect({ status: otherGame.status, reason: otherGame.body.error.errors[0].reason }).toEqual({ status: 403, reason: 'forbidden' });
  });
});

describe('recall.unlinkPersona and resetPersona', () => {
  it('unlinks the session player\'s link by persona or by token, and says whether one went', async () => {
    const token = await serviceToken();
    const sessionId = await session();
    await link(token, { sessionId, persona: 'p1', token: 't1' });
    await link(token, { sessionId, persona: 'p2', token: 't2' });
    const byPersona = await api(emulator.app, 'POST', '/games/v1/recall:unlinkPersona', token, { sessionId, persona: 'p1' });
    expect(byPersona.body).toEqual({ unlinked: true });
    const byToken = await api(emulator.app, 'POST', `/games/v1/recall:unlinkPersona?sessionId=${sessionId}`, token, { token: 't2' });
    expect(byToken.body).toEqual({ unlinked: true });
    expect((await api(emulator.app, 'POST', '/games/v1/recall:unlinkPersona', token, { sessionId, token: 't2' })).body).toEqual({ unlinked: false });
    const both = await api(emulator.app, 'POST', '/games/v1/recall:unlinkPersona', token, { sessionId, token: 't2', persona: 'p2' });
    expect(both.status).toBe(400);
  });

  it('resets a persona for every player of the game, with no session', async () => {
    const token = await serviceToken();
    await link(token, { sessionId: await session(REGULAR.playerId), persona: 'gone', token: 'a' });
    await link(token, { sessionId: await session(TESTER.playerId), persona: 'gone', token: 'b' });
    await link(token, { sessionId: await session(TESTER.playerId), persona: 'stays', token: 'c' });
    expect((await api(emulator.app, 'POST', '/games/v1/recall:resetPersona', token, { persona: 'gone' })).body).toEqual({ unlinked: true });
    expect((await api(emulator.app, 'POST', '/games/v1/recall:resetPersona', token, { persona: 'gone' })).body).toEqual({ unlinked: false });
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${await session(REGULAR.playerId)}`, token)).status).toBe(404);
    expect((await api(emulator.app, 'GET', `/games/v1/recall/tokens/${await session(TESTER.playerId)}`, token)).body.tokens).toEqual([{ token: 'c', multiPlayerPersona: false }]);
  });
});

describe('recall.gamesPlayerTokens and lastTokenFromAllDeveloperGames', () => {
  it('lists the player\'s token per requested game, and the newest across the developer\'s games', async () => {
    const demo = await serviceToken(0);
    const other = await serviceToken(1);
    const sessionId = await session();
    expect((await api(emulator.app, 'GET', `/games/v1/recall/developerGamesLastPlayerToken/${sessionId}`, demo)).body).toEqual({});
    await link(demo, { sessionId, persona: 'p', token: 'demo-token' });
    // The other game's link is the newer one by a second, not by however long a request takes.
    expect((await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 1 })).status).toBe(200);
    await link(other, { sessionId: await session(REGULAR.playerId, OTHER_APP.applicationId), persona: 'q', token: 'other-token' });
    const both = await api(emulator.app, 'GET', `/games/v1/recall/gamesPlayerTokens/${sessionId}?applicationIds=${OTHER_APP.applicationId}&applicationIds=${DEMO_APP.applicationId}&applicationIds=42`, demo);
    expect(both.body).toEqual({
      gamePlayerTokens: [
        { applicationId: OTHER_APP.applicationId, recallToken: { token: 'other-token', multiPlayerPersona: false } },
        { applicationId: DEMO_APP.applicationId, recallToken: { token: 'demo-token', multiPlayerPersona: false } },
      ],
    });
    expect((await api(emulator.app, 'GET', `/games/v1/recall/gamesPlayerTokens/${sessionId}?applicationIds=42`, demo)).body).toEqual({});
    expect((await api(emulator.app, 'GET', `/games/v1/recall/gamesPlayerTokens/${sessionId}`, demo)).status).toBe(400);
    const last = await api(emulator.app, 'GET', `/games/v1/recall/developerGamesLastPlayerToken/${sessionId}`, demo);
    expect(last.body).toEqual({ gamePlayerToken: { applicationId: OTHER_APP.applicationId, recallToken: { token: 'other-token', multiPlayerPersona: false } } });
  });
});
