/**
 * Recall's secrets never reach a log line: the devices' Recall session IDs, the service account's
 * key, assertions and access tokens, and the tokens linked at Google, through a link, a restore
 * and a delete (one refused by Google first).
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../google/http.js';
import { createLogger } from '../logger.js';
import { startHarness, type Harness } from '../test-support/harness.js';

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe('Recall secrets', () => {
  it('no session ID, key, assertion or token appears in the logs of a link, a restore and a delete', async () => {
    const lines: string[] = [];
    const logger = createLogger('trace', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }));
    const secrets: string[] = [];
    const wrapFetch = (fetch: FetchLike): FetchLike => async (input, init) => {
      const response = await fetch(input, init);
      if (new URL(input).pathname !== '/token') return response;
      const text = await response.text();
      const token = (JSON.parse(text) as { access_token?: string }).access_token;
      if (token) secrets.push(token);
      if (typeof init?.body === 'string') secrets.push(...[...new URLSearchParams(init.body).values()].filter((value) => value.length > 40));
      return { status: response.status, headers: response.headers, text: async () => text };
    };
    const h = await startHarness({ wrapFetch, deps: { logger } });
    open.push(h);

    const player = await h.control.createPlayer({ displayName: 'Ada' });
    const first = await h.control.createRecallSession({ playerId: player.playerId });
    const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId: player.playerId, clientId: h.config.google.credentials!.clientId, forceRefreshToken: true });
    const signIn = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode, recallSessionId: first.recallSessionId } });
    expect(signIn.json().recall).toEqual({ linked: true });
    const second = await h.control.createRecallSession({ playerId: player.playerId });
    const restored = await h.app.inject({ method: 'POST', url: '/v1/auth/recall', payload: { recallSessionId: second.recallSessionId } });
    expect(restored.statusCode).toBe(200);
    const [link] = (await h.control.player(player.playerId)).recallLinks[h.config.google.applicationId!]!;
    const auth = { authorization: `Bearer ${restored.json().session.accessToken as string}` };
    await h.control.addFault({ path: '/games/v1/recall:resetPersona', status: 400, times: 1 });
    // Google refusing the unlink is the operator's problem, not the player's: nothing is deleted.
    expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).json().error.code).toBe('GOOGLE_MISCONFIGURED');
    expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).statusCode).toBe(204);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const all = [...secrets, first.recallSessionId, second.recallSessionId, link!.token, link!.persona, h.config.google.serviceAccount!.privateKey.split('\n')[1]!];
    for (const secret of all) expect(log).not.toContain(secret);
  });
});
