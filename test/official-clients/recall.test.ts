/**
 * google-auth-library's `JWT` client (a service account, the JWT-bearer grant) and googleapis'
 * `games.recall` against the emulator (docs/google/recall.md): every Recall method, and Google's
 * own Node Recall sample's request as it sends it (snake_case body, `sessionId` in the query).
 *
 * The `JWT` client posts to Google's token URL and nowhere else; it reaches the emulator through
 * its transport (`transporterOptions.fetchImplementation`), as the contract says a client does.
 */
import { JWT } from 'google-auth-library';
import { games } from 'googleapis/build/src/apis/games/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceAccountKeyFile } from '../../src/emulator/index.js';
import { RECALL_SCOPE } from '../../src/google/wire/scopes.js';
import { expectGoogleError, signIn, startEmulator, type Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** `JWT` from a downloaded key file, its requests to Google's hosts sent to the emulator. */
function serviceAccount(key: ServiceAccountKeyFile, scopes = [RECALL_SCOPE]): JWT {
  const toEmulator: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input).replace(/^https:\/\/[a-z0-9.]+\.googleapis\.com/, emulator.baseUrl);
    return fetch(url, init);
  };
  return new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes, transporterOptions: { fetchImplementation: toEmulator } });
}

type GamesAuth = NonNullable<Parameters<typeof games>[0] & { auth?: unknown }>['auth'];

function recallClient(auth: JWT) {
  return games({ version: 'v1', rootUrl: `${emulator.baseUrl}/`, auth: auth as unknown as GamesAuth }).recall;
}

describe('JWT (service account) at /token', () => {
  it('gets an access token from the key file alone, and caches it until it expires', async () => {
    const jwt = serviceAccount(emulator.apps[0]!.serviceAccountKey);
    const { token } = await jwt.getAccessToken();
    expect(token).toMatch(/^ya29\.emu-/);
    expect(jwt.credentials.expiry_date).toBeGreaterThan(Date.now() + 3500_000);
    expect((await jwt.getAccessToken()).token).toBe(token);
    expect(await emulator.control.requests({ operation: 'oauth.token.jwt_bearer' })).toHaveLength(1);
  });

  it('is refused with Google\'s invalid_grant for a key the emulator does not know', async () => {
    const key = emulator.apps[0]!.serviceAccountKey;
    const jwt = serviceAccount({ ...key, private_key: emulator.apps[1]!.serviceAccountKey.private_key });
    await expect(jwt.getAccessToken()).rejects.toThrow(/invalid_grant: Invalid JWT Signature\./);
  });
});

describe('games.recall with a service account', () => {
  it('links, retrieves, lists per game, finds the last token, unlinks and resets', async () => {
    const [demo, other] = emulator.apps as [(typeof emulator.apps)[0], (typeof emulator.apps)[0]];
    const recall = recallClient(serviceAccount(demo.serviceAccountKey));
    const player = await emulator.control.createPlayer();
    const { recallSessionId: sessionId } = await emulator.control.createRecallSession({ playerId: player.playerId });

    const linked = await recall.linkPersona({
      requestBody: { sessionId, persona: 'persona-1', token: 'token-1', cardinalityConstraint: 'ONE_PERSONA_TO_ONE_PLAYER', conflictingLinksResolutionPolicy: 'CREATE_NEW_LINK' },
    });
    expect(linked.data).toEqual({ state: 'LINK_CREATED' });
    expect((await recall.retrieveTokens({ sessionId })).data).toEqual({ tokens: [{ token: 'token-1', multiPlayerPersona: false }] });

    const otherRecall = recallClient(serviceAccount(other.serviceAccountKey));
    const { recallSessionId: otherSession } = await emulator.control.createRecallSession({ playerId: player.playerId, applicationId: other.applicationId });
    await otherRecall.linkPersona({ requestBody: { sessionId: otherSession, persona: 'persona-2', token: 'token-2' } });
    const perGame = await recall.gamesPlayerTokens({ sessionId, applicationIds: [demo.applicationId, other.applicationId] });
    expect(perGame.data.gamePlayerTokens?.map((entry) => [entry.applicationId, entry.recallToken?.token])).toEqual([
      [demo.applicationId, 'token-1'],
      [other.applicationId, 'token-2'],
    ]);
    const last = await recall.lastTokenFromAllDeveloperGames({ sessionId });
    expect(last.data.gamePlayerToken).toEqual({ applicationId: other.applicationId, recallToken: { token: 'token-2', multiPlayerPersona: false } });

    expect((await recall.unlinkPersona({ requestBody: { sessionId, token: 'token-1' } })).data).toEqual({ unlinked: true });
    await expectGoogleError(recall.retrieveTokens({ sessionId }), 404, 'notFound');
    expect((await otherRecall.resetPersona({ requestBody: { persona: 'persona-2' } })).data).toEqual({ unlinked: true });
    expect((await otherRecall.lastTokenFromAllDeveloperGames({ sessionId: otherSession })).data).toEqual({});
  });

  it('takes the request Google\'s Node sample sends: snake_case body, sessionId in the query', async () => {
    const jwt = serviceAccount(emulator.apps[0]!.serviceAccountKey);
    const player = await emulator.control.createPlayer();
    const { recallSessionId } = await emulator.control.createRecallSession({ playerId: player.playerId });
    const response = await jwt.request<{ state: string }>({
      url: `https://games.googleapis.com/games/v1/recall:linkPersona?sessionId=${encodeURIComponent(recallSessionId)}`,
      method: 'POST',
      data: { token: 'sample-token', persona: 'sample-persona', conflicting_links_resolution_policy: 'CREATE_NEW_LINK' },
    });
    expect(response.data).toEqual({ state: 'LINK_CREATED' });
    expect((await emulator.control.player(player.playerId)).recallLinks[emulator.apps[0]!.applicationId]).toEqual([
      { persona: 'sample-persona', token: 'sample-token', linkedAt: expect.any(String) },
    ]);
  });

  it('refuses a player\'s token (403) and another game\'s service account (403)', async () => {
    const player = await emulator.control.createPlayer();
    const { recallSessionId: sessionId } = await emulator.control.createRecallSession({ playerId: player.playerId });
    const session = await signIn(emulator, player);
    await expectGoogleError(session.games.recall.retrieveTokens({ sessionId }), 403, 'insufficientPermissions');
    await expectGoogleError(recallClient(serviceAccount(emulator.apps[1]!.serviceAccountKey)).retrieveTokens({ sessionId }), 403, 'forbidden');
  });
});
