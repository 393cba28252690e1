import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleOAuthError } from './errors.js';
import { HttpClient } from './http.js';
import { RecallClient } from './recall-client.js';
import { parseServiceAccountKey, ServiceAccountKeyError, ServiceAccountTokenSource } from './service-account.js';
import { startEmulator, type RunningEmulator } from './test-support/emulator.js';
import { RECALL_SCOPE } from './wire/scopes.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function tokenSource(key = emulator.apps[0]!.serviceAccountKey, now?: () => number): ServiceAccountTokenSource {
  return new ServiceAccountTokenSource({ key: parseServiceAccountKey(key), scopes: [RECALL_SCOPE], tokenUrl: emulator.endpoints.token, http: new HttpClient(), ...(now ? { now } : {}) });
}

describe('parseServiceAccountKey', () => {
  it('reads a key file, and names the field a broken one lacks', () => {
    const key = emulator.apps[0]!.serviceAccountKey;
    expect(parseServiceAccountKey(key)).toEqual({ clientEmail: key.client_email, privateKey: key.private_key, privateKeyId: key.private_key_id });
    expect(() => parseServiceAccountKey({ ...key, type: 'authorized_user' })).toThrow(ServiceAccountKeyError);
    expect(() => parseServiceAccountKey({ ...key, client_email: '' })).toThrow('"client_email" is missing');
    expect(() => parseServiceAccountKey({ ...key, private_key: 'not a key' })).toThrow('"private_key" is not a PEM private key');
  });
});

describe('ServiceAccountTokenSource against the emulator', () => {
  it('gets a token with the JWT-bearer grant, caches it, and shares one request between concurrent callers', async () => {
    await emulator.control.clearRequests();
    const source = tokenSource();
    const [a, b] = await Promise.all([source.accessToken(), source.accessToken()]);
    expect(a).toMatch(/^ya29\.emu-/);
    expect(b).toBe(a);
    expect(await source.accessToken()).toBe(a);
    expect(await emulator.control.requests({ operation: 'oauth.token.jwt_bearer' })).toHaveLength(1);
    source.invalidate();
    expect(await source.accessToken()).not.toBe(a);
  });

  it('renews a token a minute before it expires', async () => {
    // The source's clock starts 59 minutes back (its assertions stay within Google's hour) and
    // catches up with the wall clock as the token nears its 3599 s expiry.
    const start = Date.now() - 3_540_000;
    let now = start;
    const source = tokenSource(undefined, () => now);
    const first = await source.accessToken();
    now = start + 3_538_000;
    expect(await source.accessToken()).toBe(first);
    now = start + 3_540_000;
    expect(await source.accessToken()).not.toBe(first);
  });

  it('surfaces Google\'s invalid_grant for a key Google does not know, without the assertion in the message', async () => {
    const key = { ...emulator.apps[0]!.serviceAccountKey, private_key: emulator.apps[1]!.serviceAccountKey.private_key };
    const source = tokenSource(key);
    const error = await source.accessToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GoogleOAuthError);
    expect((error as GoogleOAuthError).error).toBe('invalid_grant');
    expect((error as Error).message).not.toContain(source.assertion().split('.')[0]);
  });
});

describe('RecallClient against the emulator', () => {
  it('links, retrieves (none is an empty list) and resets', async () => {
    const recall = new RecallClient({ endpoints: emulator.endpoints, http: new HttpClient(), tokens: tokenSource() });
    const player = await emulator.control.createPlayer({ displayName: 'Recall client' });
    const { recallSessionId: sessionId } = await emulator.control.createRecallSession({ playerId: player.playerId });
    expect(await recall.retrieveTokens(sessionId)).toEqual([]);
    expect(await recall.linkPersona({ sessionId, persona: 'p', token: 't', policy: 'KEEP_EXISTING_LINKS' })).toBe('LINK_CREATED');
    expect(await recall.linkPersona({ sessionId, persona: 'q', token: 'u', policy: 'KEEP_EXISTING_LINKS' })).toBe('PERSONA_OR_PLAYER_ALREADY_LINKED');
    expect(await recall.retrieveTokens(sessionId)).toEqual([{ token: 't', multiPlayerPersona: false }]);
    expect(await recall.resetPersona('p')).toBe(true);
    expect(await recall.resetPersona('p')).toBe(false);
    expect(await recall.retrieveTokens(sessionId)).toEqual([]);
  });
});
