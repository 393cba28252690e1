import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SEED, EmulatorControlClient, EmulatorControlError, createEmulator, type ControlFetch, type Emulator } from './index.js';

// A real emulator on a loopback port: the client is a network client, so the socket is the point.
let emulator: Emulator;
let baseUrl: string;
let control: EmulatorControlClient;
const demo = DEMO_SEED.applications[0]!;
const seededPlayer = DEMO_SEED.players![0]!;

beforeAll(async () => {
  emulator = await createEmulator();
  await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(emulator.app.server.address() as AddressInfo).port}`;
  control = new EmulatorControlClient(baseUrl);
});
beforeEach(() => emulator.state.reset());
afterAll(() => emulator.app.close());

/** Exchanges a server auth code at `/token` as the demo game server would. */
async function exchange(serverAuthCode: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: serverAuthCode, client_id: demo.webClientId, client_secret: demo.webClientSecret }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The rejection of `promise`, which must be an EmulatorControlError. */
async function controlError(promise: Promise<unknown>): Promise<EmulatorControlError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected an EmulatorControlError, got ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(EmulatorControlError);
  return error as EmulatorControlError;
}

describe('applications', () => {
  it('lists the seeded games with clients, secrets and definitions carrying published', async () => {
    const applications = await control.applications();
    expect(applications.map((application) => application.applicationId)).toEqual(DEMO_SEED.applications.map((application) => application.applicationId));
    const [first] = applications;
    expect(first).toMatchObject({
      applicationId: demo.applicationId,
      name: demo.name,
      webClientId: demo.webClientId,
      webClientSecret: demo.webClientSecret,
      androidClientId: demo.androidClientId,
      secondWebClient: demo.secondWebClient,
    });
    expect(first!.achievements.map((achievement) => [achievement.id, achievement.published])).toEqual(
      demo.achievements.map((achievement) => [achievement.id, achievement.published]),
    );
    expect(first!.achievements[0]).toMatchObject({ kind: 'games#achievementDefinition', achievementType: 'STANDARD', initialState: 'REVEALED' });
    expect(first!.leaderboards).toEqual([
      { id: demo.leaderboards![0]!.id, name: 'High Score', order: 'LARGER_IS_BETTER', published: true },
      { id: demo.leaderboards![1]!.id, name: 'Fastest Castle Run', order: 'SMALLER_IS_BETTER', published: true },
      { id: demo.leaderboards![2]!.id, name: 'Dragon Damage', order: 'LARGER_IS_BETTER', scoreMin: 1, scoreMax: 100000, published: true },
      { id: demo.leaderboards![3]!.id, name: 'Beta Arena', order: 'LARGER_IS_BETTER', published: false },
    ]);
  });
});

describe('events, stats and saved games', () => {
  it('lists each game’s events with published, and shows every event’s count in the ground truth', async () => {
    const [first] = await control.applications();
    expect(first!.events).toEqual(demo.events!.map((e) => ({ id: e.id, displayName: e.displayName, visibility: e.visibility, published: e.published })));
    const truth = await control.player(seededPlayer.playerId);
    expect(truth.events[demo.applicationId]).toEqual(demo.events!.map((e) => ({ eventId: e.id, count: 0 })));
  });

  it('sets stats and saved games, which the ground truth then shows', async () => {
    expect(await control.setStats(seededPlayer.playerId, { num_sessions: 4, spend_probability: 0.5 })).toEqual({
      applicationId: demo.applicationId,
      num_sessions: 4,
      spend_probability: 0.5,
    });
    const save = await control.putSnapshot(seededPlayer.playerId, 'slot-1', { title: 'First', progressValue: 10, lastModifiedMillis: 1_000 });
    expect(save).toMatchObject({ uniqueName: 'slot-1', title: 'First', progressValue: 10, lastModifiedMillis: 1_000, durationMillis: 0, applicationId: demo.applicationId });
    const truth = await control.player(seededPlayer.playerId);
    expect(truth.stats).toEqual({ [demo.applicationId]: { num_sessions: 4, spend_probability: 0.5 } });
    expect(truth.snapshots[demo.applicationId]).toEqual([save]);
    const error = await controlError(control.setStats(seededPlayer.playerId, { num_sessions: -1 }));
    expect(error.status).toBe(400);
  });
});

describe('players', () => {
  it('creates, lists and reads the ground truth of a player', async () => {
    const created = await control.createPlayer({ displayName: 'Ada Lovelace', email: 'ada@example.com', tester: true, playerId: 'g42' });
    expect(created).toMatchObject({ playerId: 'g42', displayName: 'Ada Lovelace', email: 'ada@example.com', tester: true, developer: false, previousPlayerIds: [] });
    expect((await control.players()).map((player) => player.playerId)).toEqual([...DEMO_SEED.players!.map((player) => player.playerId), 'g42']);
    const truth = await control.player('g42');
    expect(truth).toMatchObject(created);
    expect(truth.grants).toEqual([]);
    expect(truth.achievements[demo.applicationId]![0]).toEqual({ id: demo.achievements[0]!.id, achievementState: 'REVEALED', currentSteps: 0 });
    expect(emulator.state.findPlayer('g42')?.displayName).toBe('Ada Lovelace');
  });

  it('makes two players friends both ways (the ground truth shows it) and refuses an unknown one', async () => {
    const friend = await control.createPlayer({ displayName: 'Pal', profileVisible: false });
    expect(friend.profileVisible).toBe(false);
    await control.addFriend(seededPlayer.playerId, friend.playerId);
    expect((await control.player(seededPlayer.playerId)).friends).toEqual([friend.playerId]);
    expect((await control.player(friend.playerId)).friends).toEqual([seededPlayer.playerId]);
    const error = await controlError(control.addFriend(seededPlayer.playerId, 'g0'));
    expect([error.status, error.body?.error.message, error.path]).toEqual([404, 'No player with ID g0.', `/emulator/v1/players/${seededPlayer.playerId}/friends`]);
  });

  it('changes a player ID, generated or chosen; the old ID still finds the player', async () => {
    const generated = await control.changePlayerId(seededPlayer.playerId);
    expect(generated).toMatchObject({ playerId: expect.stringMatching(/^a_[0-9]{19}$/), originalPlayerId: seededPlayer.playerId });
    const chosen = await control.changePlayerId(generated.playerId, 'a_7');
    expect(chosen.previousPlayerIds).toEqual([seededPlayer.playerId, generated.playerId]);
    expect((await control.player(seededPlayer.playerId)).playerId).toBe('a_7');
  });

  it('throws the control API error for a taken ID, a bad body or an unknown player', async () => {
    const taken = await controlError(control.createPlayer({ displayName: 'X', playerId: seededPlayer.playerId }));
    expect(taken).toMatchObject({
      name: 'EmulatorControlError',
      status: 409,
      method: 'POST',
      path: '/emulator/v1/players',
      body: { error: { code: 409, message: `A player with ID ${seededPlayer.playerId} already exists.`, status: 'ABORTED' } },
      message: `Emulator control API POST /emulator/v1/players answered 409: A player with ID ${seededPlayer.playerId} already exists.`,
    });
    const bad = await controlError(control.createPlayer({ displayName: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body?.error.status).toBe('INVALID_ARGUMENT');
    // The ID is one path segment: a "/" in it is escaped, not a new path.
    const unknown = await controlError(control.player('no/such'));
    expect({ status: unknown.status, path: unknown.path, body: unknown.body }).toEqual({
      status: 404,
      path: '/emulator/v1/players/no%2Fsuch',
      body: { error: { code: 404, message: 'No player with ID no/such.', status: 'NOT_FOUND' } },
    });
  });
});

describe('server auth codes and grants', () => {
  it('mints a code that the token endpoint accepts once, then revokes the grant it made', async () => {
    const minted = await control.mintServerAuthCode({ playerId: seededPlayer.playerId, clientId: demo.webClientId, scopes: ['openid', 'email'], forceRefreshToken: true });
    expect(minted).toEqual({
      serverAuthCode: expect.stringMatching(/^4\//),
      grantedScopes: [
        'https://www.googleapis.com/auth/games_lite',
        'https://www.googleapis.com/auth/drive.appdata',
        'https://www.googleapis.com/auth/userinfo.email',
        'openid',
      ],
      expiresInSeconds: 600,
    });
    const exchanged = await exchange(minted.serverAuthCode);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toHaveProperty('refresh_token');
    expect(await exchange(minted.serverAuthCode)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } });
    expect((await control.player(seededPlayer.playerId)).grants).toEqual([
      expect.objectContaining({ clientId: demo.webClientId, applicationId: demo.applicationId, active: true, hasRefreshToken: true }),
    ]);
    expect(await control.revokeGrants(seededPlayer.playerId)).toEqual({ playerId: seededPlayer.playerId, revokedGrants: 1 });
    expect((await control.player(seededPlayer.playerId)).grants).toEqual([expect.objectContaining({ active: false })]);
  });

  it('throws with the control API\'s message for an unknown client', async () => {
    const error = await controlError(control.mintServerAuthCode({ playerId: seededPlayer.playerId, clientId: 'nope' }));
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'Emulator control API POST /emulator/v1/serverAuthCodes answered 400: clientId nope is not a client of any application. GET /emulator/v1/applications lists them.',
    );
  });
});

describe('recall sessions and service accounts', () => {
  it('mints a recall session for a player, the ground truth shows no link yet, and the key file names this emulator', async () => {
    const session = await control.createRecallSession({ playerId: seededPlayer.playerId });
    expect(session).toEqual({ recallSessionId: expect.stringMatching(/^recall-emu-/), expiresInSeconds: 3600 });
    expect(emulator.state.findRecallSession(session.recallSessionId)?.player.playerId).toBe(seededPlayer.playerId);
    expect((await control.player(seededPlayer.playerId)).recallLinks).toEqual({ [demo.applicationId]: [], [DEMO_SEED.applications[1]!.applicationId]: [] });
    const [first] = await control.applications();
    expect(first!.serviceAccountKey).toMatchObject({ type: 'service_account', token_uri: `${baseUrl}/token` });
  });

  it('throws the control API error for an unknown player', async () => {
    const error = await controlError(control.createRecallSession({ playerId: 'nobody' }));
    expect(error.status).toBe(404);
  });
});

describe('faults', () => {
  it('adds, lists, deletes one and clears', async () => {
    const first = await control.addFault({ path: '/games/', status: 503, times: 2, method: 'get' });
    const second = await control.addFault({ path: '/token', delayMs: 5 });
    expect(first).toEqual({ id: expect.any(String) });
    expect(await control.faults()).toEqual([
      { id: first.id, path: '/games/', status: 503, times: 2, method: 'GET', remaining: 2, hits: 0 },
      { id: second.id, path: '/token', delayMs: 5, hits: 0 },
    ]);
    await control.deleteFault(first.id);
    expect((await control.faults()).map((fault) => fault.id)).toEqual([second.id]);
    const again = await controlError(control.deleteFault(first.id));
    expect({ status: again.status, message: again.body?.error.message }).toEqual({ status: 404, message: `No fault with ID ${first.id}.` });
    await control.clearFaults();
    expect(await control.faults()).toEqual([]);
  });

  it('applies a fault to the Google side', async () => {
    await control.addFault({ path: '/oauth2/v3/certs', status: 503, times: 1 });
    expect((await fetch(`${baseUrl}/oauth2/v3/certs`)).status).toBe(503);
    expect((await fetch(`${baseUrl}/oauth2/v3/certs`)).status).toBe(200);
  });
});

describe('clock and keys', () => {
  it('advances and reads the emulator clock', async () => {
    const before = Date.now();
    const advanced = await control.advanceClock(3600);
    expect(advanced.offsetSeconds).toBe(3600);
    expect(Date.parse(advanced.now) - before).toBeGreaterThanOrEqual(3600_000);
    expect((await control.clock()).offsetSeconds).toBe(3600);
    expect((await controlError(control.advanceClock(-1))).body).toEqual({
      error: { code: 400, message: 'The field seconds must be >= 0.', status: 'INVALID_ARGUMENT' },
    });
  });

  it('rotates the signing key and lists the published ones', async () => {
    const before = await control.keys();
    expect(before.publishedKids).toContain(before.signingKid);
    const { kid } = await control.rotateKeys();
    expect(kid).not.toBe(before.signingKid);
    expect(await control.keys()).toEqual({ signingKid: kid, publishedKids: expect.arrayContaining([kid, before.signingKid]) });
  });
});

describe('request log', () => {
  it('lists the Google-side requests, filters by operation and clears', async () => {
    await (await fetch(`${baseUrl}/oauth2/v3/certs`)).arrayBuffer();
    await (await fetch(`${baseUrl}/oauth2/v1/certs`)).arrayBuffer();
    const all = await control.requests();
    expect(all.map((entry) => [entry.method, entry.path, entry.operation, entry.status])).toEqual([
      ['GET', '/oauth2/v3/certs', 'oauth.certs.jwks', 200],
      ['GET', '/oauth2/v1/certs', 'oauth.certs.pem', 200],
    ]);
    expect((await control.requests({ operation: 'oauth.certs.pem' })).map((entry) => entry.path)).toEqual(['/oauth2/v1/certs']);
    expect(await control.requests({ operation: 'games.players.get' })).toEqual([]);
    await control.clearRequests();
    expect(await control.requests()).toEqual([]);
  });
});

describe('reset', () => {
  it('returns the emulator to its seed', async () => {
    await control.createPlayer({ displayName: 'Extra', playerId: 'g999' });
    await control.addFault({ path: '/games/', status: 500 });
    await control.advanceClock(10);
    await control.reset();
    expect((await controlError(control.player('g999'))).status).toBe(404);
    expect(await control.faults()).toEqual([]);
    expect((await control.clock()).offsetSeconds).toBe(0);
  });
});

describe('state export and import', () => {
  it('exports the state, and imports it back after a reset: the player, their grant and the clock return', async () => {
    await control.createPlayer({ displayName: 'Kept', playerId: 'g998' });
    const { serverAuthCode } = await control.mintServerAuthCode({ playerId: 'g998', clientId: demo.webClientId });
    const token = (await exchange(serverAuthCode)).body.access_token as string;
    await control.advanceClock(30);
    const state = await control.exportState();
    expect(state).toMatchObject({ format: 'pgs-emulator-state', version: 1, clock: { offsetMs: 30_000 } });

    await control.reset();
    await control.importState(state);
    expect((await control.player('g998')).displayName).toBe('Kept');
    expect((await control.player('g998')).grants).toMatchObject([{ clientId: demo.webClientId, active: true }]);
    expect((await control.clock()).offsetSeconds).toBe(30);
    const me = await fetch(`${baseUrl}/games/v1/players/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('throws the control API error for a bad document, and the state stays', async () => {
    await control.createPlayer({ displayName: 'Stays', playerId: 'g997' });
    const error = await controlError(control.importState({ format: 'pgs-emulator-state', version: 1, players: { players: [{ playerId: 'g1' }] } }));
    expect(error.status).toBe(400);
    expect(error.body?.error.message).toBe('The state was not imported: players.players[0].displayName is required.');
    expect((await control.player('g997')).displayName).toBe('Stays');
  });
});

describe('transport', () => {
  /** A fetch that records what the client sends and answers `status` with `body`. */
  function stub(status: number, body: string, seen: Array<{ url: string; init: RequestInit }> = []): ControlFetch {
    return async (url, init) => {
      seen.push({ url, init });
      return new Response(status === 204 ? null : body, { status });
    };
  }

  it('sends JSON bodies only with a body, to the base URL without its trailing slash', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const client = new EmulatorControlClient(new URL('http://emulator.test:8090/'), { fetch: stub(201, '{"id":"f1"}', seen) });
    expect(client.baseUrl).toBe('http://emulator.test:8090');
    expect(await client.addFault({ path: '/token', status: 503 })).toEqual({ id: 'f1' });
    expect(seen[0]).toMatchObject({
      url: 'http://emulator.test:8090/emulator/v1/faults',
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"/token","status":503}' },
    });
    await new EmulatorControlClient('http://emulator.test:8090', { fetch: stub(204, '', seen) }).reset();
    expect(seen[1]!.url).toBe('http://emulator.test:8090/emulator/v1/reset');
    expect(seen[1]!.init.body).toBeUndefined();
    expect(seen[1]!.init.headers).toBeUndefined();
  });

  it('throws on a status other than the documented one, even a 2xx', async () => {
    const error = await controlError(new EmulatorControlClient(baseUrl, { fetch: stub(200, '{"playerId":"g1"}') }).createPlayer({ displayName: 'X' }));
    expect({ status: error.status, body: error.body, message: error.message }).toEqual({
      status: 200,
      body: undefined,
      message: 'Emulator control API POST /emulator/v1/players answered 200: expected 201',
    });
  });

  it('does not quote an answer that is not the control API\'s error body', async () => {
    const error = await controlError(new EmulatorControlClient(baseUrl, { fetch: stub(502, '<html>upstream said access_token=ya29.secret</html>') }).clock());
    expect(error.status).toBe(502);
    expect(error.body).toBeUndefined();
    expect(error.message).toBe('Emulator control API GET /emulator/v1/clock answered 502: expected 200');
  });

  it('gives up after timeoutMs', async () => {
    const hang: ControlFetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    await expect(new EmulatorControlClient(baseUrl, { fetch: hang, timeoutMs: 20 }).clock()).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
