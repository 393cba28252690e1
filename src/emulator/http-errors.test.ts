import { beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { call, envelope, signIn, startEmulator } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

describe('error mapping', () => {
  it('answers unknown Google paths with Google’s 404 envelope', async () => {
    for (const [method, url] of [
      ['GET', '/games/v1/turnBasedMatches'],
      ['GET', '/token'],
      ['DELETE', '/games/v1/players/me'],
      ['GET', '/nothing?access_token=ya29.secret'],
    ] as const) {
      const reply = await call(emulator.app, method, url);
      expect(reply.status).toBe(404);
      const path = url.split('?')[0]!;
      expect(reply.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', `The requested URL ${path} was not found on this server.`));
      expect(reply.raw).not.toContain('secret');
    }
  });

  it('answers a non-JSON body to a Google method with 400, never a 500', async () => {
    const { access_token } = await signIn(emulator.app);
    const post = (contentType: string) =>
      emulator.app.inject({
        method: 'POST',
        url: '/games/v1/achievements/updateMultiple',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': contentType },
        payload: 'updates',
      });
    const text = await post('text/plain');
    expect(text.statusCode).toBe(400);
    expect(text.json()).toEqual(envelope(400, 'INVALID_ARGUMENT', 'invalid', 'Invalid JSON payload received. The request body must be a JSON object.'));
    const xml = await post('application/xml');
    expect(xml.statusCode).toBe(400);
    expect(xml.json()).toEqual(envelope(400, 'INVALID_ARGUMENT', 'invalid', 'Unsupported content type.'));
  });

  it('answers an oversized body in the family’s shape', async () => {
    const reply = await emulator.app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${'x'.repeat(1_100_000)}`,
    });
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toEqual({ error: 'invalid_request', error_description: 'Request body is too large.' });
  });

  it('answers an oversized body to a Google method with 413 uploadTooLarge, status FAILED_PRECONDITION (as the backend reads a 413)', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await emulator.app.inject({
      method: 'POST',
      url: '/games/v1/achievements/updateMultiple',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ updates: [], padding: 'x'.repeat(1_100_000) }),
    });
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toEqual(envelope(413, 'FAILED_PRECONDITION', 'uploadTooLarge', 'Request body is too large.'));
  });

  it('answers a JSON body that is not an object to the control API with a control error', async () => {
    const reply = await call(emulator.app, 'POST', '/emulator/v1/players', ['x']);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: 400, message: 'The request body must be a JSON object.', status: 'INVALID_ARGUMENT' } });
  });
});
