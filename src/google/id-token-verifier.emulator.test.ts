/**
 * IdTokenVerifier against the emulator's ID tokens and JWK set, over a real socket: claims,
 * Cache-Control caching, key rotation, tampering, and an unreachable key set.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IdTokenError } from './errors.js';
import type { CallInfo } from './http.js';
import { IdTokenVerifier, type IdTokenVerifierOptions } from './id-token-verifier.js';
import { OAuthClient } from './oauth-client.js';
import type { ControlApplication } from '../emulator/index.js';
import { startEmulator, type RunningEmulator } from './test-support/emulator.js';

let emulator: RunningEmulator;
let game: ControlApplication;

beforeAll(async () => {
  emulator = await startEmulator();
  game = emulator.apps[0]!;
});
afterAll(() => emulator.close());
afterEach(() => emulator.control.clearFaults());

function verifier(options: Partial<IdTokenVerifierOptions> = {}) {
  const calls: CallInfo[] = [];
  const instance = new IdTokenVerifier({
    endpoints: emulator.endpoints,
    audience: game.webClientId,
    onCall: (info) => calls.push(info),
    sleep: () => Promise.resolve(),
    ...options,
  });
  return { verifier: instance, calls };
}

async function idToken(displayName = 'Token Holder'): Promise<{ playerId: string; idToken: string }> {
  const player = await emulator.control.createPlayer({ displayName });
  const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: game.webClientId, scopes: ['openid', 'email', 'profile'] });
  const oauth = new OAuthClient({ clientId: game.webClientId, clientSecret: game.webClientSecret, endpoints: emulator.endpoints });
  const tokens = await oauth.exchangeCode(serverAuthCode);
  if (!tokens.id_token) throw new Error('no id_token with openid');
  return { playerId: player.playerId, idToken: tokens.id_token };
}

async function refusal(promise: Promise<unknown>): Promise<IdTokenError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IdTokenError);
    return error as IdTokenError;
  }
  throw new Error('expected the token to be refused');
}

describe('IdTokenVerifier against the emulator', () => {
  it('verifies the ID token of an exchange and returns the player’s claims', async () => {
    const { idToken: token } = await idToken('Claims Check');
    const { verifier: v } = verifier();

    const claims = await v.verify(token);

    expect(claims).toMatchObject({
      iss: expect.stringMatching(/^(https:\/\/)?accounts\.google\.com$/),
      aud: game.webClientId,
      sub: expect.stringMatching(/^\d+$/),
      email: expect.any(String),
      email_verified: true,
      name: 'Claims Check',
    });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(86_400);
  });

  it('fetches the key set once for many verifications while its max-age lasts', async () => {
    const tokens = await Promise.all([idToken(), idToken(), idToken()]);
    const { verifier: v, calls } = verifier();

    await Promise.all(tokens.map((t) => v.verify(t.idToken)));
    await v.verify(tokens[0].idToken);

    expect(calls.filter((c) => c.operation === 'oauth.certs')).toHaveLength(1);
  });

  it('refuses a token for another client ID', async () => {
    const { idToken: token } = await idToken();
    const error = await refusal(verifier({ audience: emulator.apps[1]!.webClientId }).verifier.verify(token));
    expect(error.reason).toBe('audience');
  });

  it('refuses a tampered payload', async () => {
    const { idToken: token } = await idToken();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: '1' })).toString('base64url')}.${signature}`;

    const error = await refusal(verifier().verifier.verify(forged));

    expect(error.reason).toBe('signature');
    expect(String(error)).not.toContain(signature);
  });

  it('follows a key rotation: an unknown kid refetches the set and verifies', async () => {
    const { verifier: v, calls } = verifier({ unknownKidRefetchSeconds: 0 });
    await v.verify((await idToken()).idToken);

    const { kid } = await emulator.control.rotateKeys();
    const fresh = (await idToken()).idToken;
    expect(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString('utf8'))).toMatchObject({ alg: 'RS256', kid });

    await expect(v.verify(fresh)).resolves.toMatchObject({ aud: game.webClientId });
    expect(calls.filter((c) => c.operation === 'oauth.certs')).toHaveLength(2);
  });

  it('reports keys_unavailable when the key set cannot be fetched, then recovers', async () => {
    const { idToken: token } = await idToken();
    await emulator.control.addFault({ path: '/oauth2/v3/certs', status: 503 });
    const { verifier: v, calls } = verifier();

    const error = await refusal(v.verify(token));

    expect(error.reason).toBe('keys_unavailable');
    expect(error.cause).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', status: 503, attempts: 3 });
    expect(calls.map((c) => c.status)).toEqual([503, 503, 503]);

    await emulator.control.clearFaults();
    await expect(v.verify(token)).resolves.toMatchObject({ aud: game.webClientId });
  });
});
