import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { DEMO_APP, REGULAR, api, call, signIn, startEmulator } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const HELP =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

const INVALID_CREDENTIALS = {
  error: {
    code: 401,
    message: `Request had invalid authentication credentials. ${HELP}`,
    errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
    status: 'UNAUTHENTICATED',
  },
};

describe('bearer authentication', () => {
  it('answers 401 required without credentials, with Google’s body and WWW-Authenticate', async () => {
    const reply = await call(emulator.app, 'GET', '/games/v1/players/me');
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer realm="https://accounts.google.com/"');
    expect(reply.body).toEqual({
      error: {
        code: 401,
        message: `Request is missing required authentication credential. ${HELP}`,
        errors: [{ message: 'Login Required.', domain: 'global', reason: 'required', location: 'Authorization', locationType: 'header' }],
        status: 'UNAUTHENTICATED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'CREDENTIALS_MISSING',
            domain: 'googleapis.com',
            metadata: { service: 'games.googleapis.com' },
          },
        ],
      },
    });
  });

  it('names the management service in the management API’s 401', async () => {
    const reply = await call(emulator.app, 'POST', '/games/v1management/achievements/reset');
    expect(reply.status).toBe(401);
    expect(reply.body.error.details[0].metadata).toEqual({ service: 'gamesmanagement.googleapis.com' });
  });

  it('answers 401 authError for an unknown token, a non-Bearer scheme and an empty Bearer', async () => {
    for (const authorization of ['Bearer ya29.unknown', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const reply = await call(emulator.app, 'GET', '/games/v1/players/me', undefined, { authorization });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(INVALID_CREDENTIALS);
      expect(reply.headers['www-authenticate']).toBe('Bearer realm="https://accounts.google.com/", error="invalid_token"');
    }
  });

  it('accepts the access_token query parameter', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await call(emulator.app, 'GET', `/games/v1/players/me?access_token=${encodeURIComponent(access_token)}`);
    expect(reply.status).toBe(200);
    expect(reply.body.playerId).toBe(REGULAR.playerId);
  });

  it('expires access tokens after 3599 s on the emulator clock', async () => {
    const { access_token } = await signIn(emulator.app);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 3598 });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', access_token)).status).toBe(200);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 1 });
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(INVALID_CREDENTIALS);
  });

  it('stops every token of a player whose grants were revoked through the control API', async () => {
    const first = await signIn(emulator.app);
    const second = await signIn(emulator.app, { forceRefreshToken: true });
    const revoke = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:revokeGrants`);
    expect(revoke.status).toBe(200);
    // Both sign-ins used the same client: one authorization (docs/google/oauth.md).
    expect(revoke.body).toEqual({ playerId: REGULAR.playerId, revokedGrants: 1 });
    for (const token of [first.access_token, second.access_token]) {
      expect((await api(emulator.app, 'GET', '/games/v1/players/me', token)).body).toEqual(INVALID_CREDENTIALS);
    }
  });

  it('answers 403 insufficientPermissions for a token without a games scope', async () => {
    // No server auth code carries such a token; mint one straight into the state.
    const player = emulator.state.findPlayer(REGULAR.playerId)!;
    const client = emulator.state.clients.get(DEMO_APP.webClientId)!;
    const { grant } = emulator.state.recordExchange({
      player,
      client,
      scopes: ['https://www.googleapis.com/auth/drive.appdata'],
      forceRefreshToken: false,
      expiresAt: Number.MAX_SAFE_INTEGER,
    });
    const token = emulator.state.issueAccessToken(grant);
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me', token);
    expect(reply.status).toBe(403);
    expect(reply.headers['www-authenticate']).toBe(
      'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/games https://www.googleapis.com/auth/games_lite"',
    );
    expect(reply.body.error).toMatchObject({
      code: 403,
      message: 'Request had insufficient authentication scopes.',
      errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
      status: 'PERMISSION_DENIED',
    });
  });

  it('authenticates before validating parameters', async () => {
    const reply = await call(emulator.app, 'POST', '/games/v1/achievements/x/increment?stepsToIncrement=abc');
    expect(reply.status).toBe(401);
    expect(reply.body.error.errors[0].reason).toBe('required');
  });
});
