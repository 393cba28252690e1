/**
 * Export and import of the whole state (`GET` / `PUT /emulator/v1/state`): a round trip gives
 * back the same state, graph and all; tokens, codes and ID tokens issued before keep working in
 * the emulator that imported them; a bad document is refused with the field it names, and
 * changes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEMO_APP, REGULAR, api, call, postForm, progressOf, startEmulator, type Reply } from '../test-support/harness.js';
import { expectSameState, populate, type PopulatedTokens } from '../test-support/populated-state.js';
import { STATE_FORMAT, STATE_VERSION } from './state-codec.js';

let source: Emulator;
let target: Emulator;
let tokens: PopulatedTokens;
/** A JSON body, loosely typed as the harness's replies are. */
type Json = Reply['body'];
let exported: Record<string, Json>;

beforeAll(async () => {
  source = await startEmulator();
  target = await startEmulator();
  tokens = await populate(source.app);
  const reply = await call(source.app, 'GET', '/emulator/v1/state');
  expect(reply.status).toBe(200);
  exported = reply.body;
});
afterAll(async () => {
  await source.app.close();
  await target.app.close();
});
beforeEach(() => target.state.reset());

const withoutSavedAt = ({ savedAt: _savedAt, ...rest }: Record<string, Json>) => rest;

describe('GET /emulator/v1/state', () => {
  it('is one versioned JSON document with every part', () => {
    expect(exported).toMatchObject({ format: STATE_FORMAT, version: STATE_VERSION });
    expect(Object.keys(exported).sort()).toEqual(['clock', 'format', 'grants', 'keys', 'players', 'recall', 'savedAt', 'scores', 'version']);
    expect(exported.clock).toEqual({ offsetMs: 90_000 });
    expect(exported.keys.signingKeys).toHaveLength(2);
    const ada = exported.players.players.find((player: Json) => player.displayName === 'Ada Lovelace');
    expect(ada).toMatchObject({ tester: true, profileVisible: false, friends: [REGULAR.playerId] });
    expect(ada.previousPlayerIds).toHaveLength(1);
  });
});

describe('PUT /emulator/v1/state', () => {
  it('gives back the same state: export → import → export is equal, and so is the object graph', async () => {
    const put = await call(target.app, 'PUT', '/emulator/v1/state', exported);
    expect({ status: put.status, raw: put.raw }).toEqual({ status: 204, raw: '' });
    const again = await call(target.app, 'GET', '/emulator/v1/state');
    expect(withoutSavedAt(again.body)).toEqual(withoutSavedAt(exported));
    // The guard: a field of a record (or of the state) that the codec does not carry fails here.
    expectSameState(target.state, source.state);
  });

  it('keeps Recall working: the service-account token, its key file, the session and the links', async () => {
    await call(target.app, 'PUT', '/emulator/v1/state', exported);
    const listed = await api(target.app, 'GET', `/games/v1/recall/tokens/${tokens.recallSessionId}`, tokens.serviceAccountToken);
    expect(listed.body).toEqual({ tokens: [{ token: 'populated-token', multiPlayerPersona: false }] });
    const key = (await call(source.app, 'GET', '/emulator/v1/applications')).body.applications[0].serviceAccountKey;
    expect((await call(target.app, 'GET', '/emulator/v1/applications')).body.applications[0].serviceAccountKey.private_key).toBe(key.private_key);
  });

  it('keeps tokens working: the access token, the refresh token, the ID token, and the progress they wrote', async () => {
    await call(target.app, 'PUT', '/emulator/v1/state', exported);
    const me = await api(target.app, 'GET', '/games/v1/players/me', tokens.accessToken);
    expect({ status: me.status, playerId: me.body.playerId }).toEqual({ status: 200, playerId: REGULAR.playerId });
    const refreshed = await postForm(target.app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    expect(refreshed.status).toBe(200);
    expect(target.state.keys.verifyJwt(tokens.idToken)?.payload).toMatchObject({ aud: DEMO_APP.webClientId });
    expect(await progressOf(target.app, REGULAR.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
    // The requestId of the increment is remembered: a retry is not counted twice.
    const retry = await api(target.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=3&requestId=42`, tokens.accessToken);
    expect(retry.body).toMatchObject({ currentSteps: 3 });
  });

  it('takes a fixture with only some parts: the rest is empty (no grants, the wall clock, the running keys)', async () => {
    const kid = target.state.keys.current.kid;
    const fixture = { format: STATE_FORMAT, version: 1, players: { players: [{ playerId: 'g01234567890123456789', displayName: 'Fixture', email: 'f@example.com', googleSub: '123', gamePlayerId: 'a_1' }] } };
    expect((await call(target.app, 'PUT', '/emulator/v1/state', fixture)).status).toBe(204);
    const players = (await call(target.app, 'GET', '/emulator/v1/players')).body.players;
    expect(players.map((player: Json) => player.displayName)).toEqual(['Fixture']);
    expect(target.state.keys.current.kid).toBe(kid);
    expect(target.state.clock.offsetMs).toBe(0);
  });

  it('takes a state larger than the 1 MiB body limit of other calls', async () => {
    const players = Array.from({ length: 8000 }, (_, i) => ({
      playerId: `g${String(i).padStart(20, '0')}`,
      displayName: `Player number ${i} of a large fixture`,
      email: `player.${i}@example.com`,
      googleSub: String(10_000 + i),
      gamePlayerId: `a_${i}`,
    }));
    const document = { format: STATE_FORMAT, version: 1, players: { players } };
    expect(JSON.stringify(document).length).toBeGreaterThan(1024 * 1024);
    expect((await call(target.app, 'PUT', '/emulator/v1/state', document)).status).toBe(204);
    expect(target.state.players.size).toBe(8000);
  });

  const bad: Array<[string, (document: Record<string, Json>) => unknown, string]> = [
    ['not an object', () => [1, 2], 'the state must be a JSON object'],
    ['another format', (document) => ({ ...document, format: 'firebase' }), 'format must be "pgs-emulator-state"'],
    ['a newer version', (document) => ({ ...document, version: STATE_VERSION + 1 }), `version ${STATE_VERSION + 1} was written by a newer emulator`],
    ['an unknown part', (document) => ({ ...document, sessions: {} }), 'sessions is not a part of the emulator state'],
    ['a field of the wrong type', (document) => ((document.players.players[0].tester = 'yes'), document), 'players.players[0].tester must be true or false'],
    ['a friend who is not there', (document) => (document.players.players[0].friends.push('gNOBODY'), document), 'players.players[0].friends'],
    ['an application the seed does not have', (document) => ((document.grants.codes[0].clientId = 'nobody.apps.googleusercontent.com'), document), 'grants.codes[0].clientId names client'],
    ['two players with one email', (document) => ((document.players.players[1].email = document.players.players[0].email), document), 'players.players[1].email'],
    ['a score that is not a number', (document) => ((document.scores.boards[0].players[0].bests.ALL_TIME.value = '12x'), document), 'scores.boards[0].players[0].bests.ALL_TIME.value has a bad format'],
    ['a broken signing key', (document) => ((document.keys.signingKeys[0].privateKeyPem = 'not a key'), document), 'keys.signingKeys[0] is unusable'],
  ];
  for (const [name, spoil, message] of bad) {
    it(`refuses ${name} with 400 naming it, and changes nothing`, async () => {
      await call(target.app, 'POST', '/emulator/v1/players', { displayName: 'Before the import' });
      const before = (await call(target.app, 'GET', '/emulator/v1/state')).body;
      const reply = await call(target.app, 'PUT', '/emulator/v1/state', spoil(structuredClone(exported)));
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
      expect(reply.body.error.message).toContain(message);
      expect(reply.body.error.message).toMatch(/^The state was not imported: /);
      // Neither a token nor a key reaches the message.
      expect(reply.raw).not.toContain(tokens.accessToken);
      expect(reply.raw).not.toContain('PRIVATE KEY');
      expect(withoutSavedAt((await call(target.app, 'GET', '/emulator/v1/state')).body)).toEqual(withoutSavedAt(before));
    });
  }
});
