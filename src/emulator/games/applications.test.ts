import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, REGULAR, api, call, envelope, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

describe('applications.verify', () => {
  it('answers the token’s player in snake_case', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ kind: 'games#applicationVerifyResponse', player_id: REGULAR.playerId });
  });

  it('works for a token of the game’s second web client', async () => {
    const { access_token } = await signIn(emulator.app, { clientId: DEMO_APP.secondWebClient!.clientId });
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.status).toBe(200);
  });

  it('adds alternate_player_id (the previous ID) after the player ID changed', async () => {
    const { access_token } = await signIn(emulator.app);
    await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:changeId`, {});
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.body).toEqual({
      kind: 'games#applicationVerifyResponse',
      player_id: expect.stringMatching(/^a_[0-9]{19}$/),
      alternate_player_id: REGULAR.playerId,
    });
  });

  it('answers 403 forbidden for another application’s token', async () => {
    const { access_token } = await signIn(emulator.app, { clientId: OTHER_APP.webClientId });
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual(
      envelope(403, 'PERMISSION_DENIED', 'forbidden', `The access token was not issued for application ${DEMO_APP.applicationId}.`),
    );
  });

  it('answers 404 notFound for an unknown application', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/applications/571707973781/verify', access_token);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested application with ID 571707973781 was not found.'));
  });
});
