import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, api, call, postForm, signIn, startEmulator } from '../test-support/harness.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const RECALL_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';

let emulator: Emulator;
let keys: Array<{ client_email: string; private_key: string; private_key_id: string; token_uri: string }>;
beforeAll(async () => {
  emulator = await startEmulator();
  keys = (await call(emulator.app, 'GET', '/emulator/v1/applications')).body.applications.map((a: { serviceAccountKey: unknown }) => a.serviceAccountKey);
});
beforeEach(() => emulator.state.reset());

function assertion(claims: Record<string, unknown>, privateKeyPem = keys[0]!.private_key, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(privateKeyPem)).toString('base64url')}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return { iss: keys[0]!.client_email, scope: RECALL_SCOPE, aud: 'https://oauth2.googleapis.com/token', iat, exp: iat + 3600, ...overrides };
}

describe('GET /emulator/v1/applications serviceAccountKey', () => {
  it('is a service-account key file per application, its token_uri the emulator', () => {
    expect(keys).toHaveLength(2);
    expect(keys[0]).toEqual({
      type: 'service_account',
      project_id: `pgs-${DEMO_APP.applicationId}`,
      private_key_id: expect.stringMatching(/^[0-9a-f]{40}$/),
      private_key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n/),
      client_email: `game-server@pgs-${DEMO_APP.applicationId}.iam.gserviceaccount.com`,
      client_id: expect.stringMatching(/^\d{21}$/),
      token_uri: 'http://localhost:80/token',
      auth_provider_x509_cert_url: 'http://localhost:80/oauth2/v1/certs',
      universe_domain: 'googleapis.com',
    });
    expect(keys[1]!.client_email).toContain(OTHER_APP.applicationId);
  });

  it('keeps the keys across a reset (a server holding a key file is not locked out)', async () => {
    emulator.state.reset();
    const again = (await call(emulator.app, 'GET', '/emulator/v1/applications')).body.applications[0].serviceAccountKey;
    expect(again.private_key).toBe(keys[0]!.private_key);
  });
});

describe('POST /token, jwt-bearer', () => {
  it('answers an access token for a signed assertion with Google\'s aud, without client credentials', async () => {
    const reply = await postForm(emulator.app, '/token', { grant_type: GRANT, assertion: assertion(claims()) });
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-cache, no-store, max-age=0, must-revalidate');
    expect(reply.body).toEqual({ access_token: expect.stringMatching(/^ya29\.emu-/), expires_in: 3599, token_type: 'Bearer' });
  });

  it('accepts the emulator\'s own token URL as aud, and a kid naming the key', async () => {
    const reply = await postForm(emulator.app, '/token', {
      grant_type: GRANT,
      assertion: assertion(claims({ aud: 'http://localhost:80/token' }), undefined, { alg: 'RS256', kid: keys[0]!.private_key_id }),
    });
    expect(reply.status).toBe(200);
  });

  it('refuses what Google refuses, with Google\'s RFC 6749 errors', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[Record<string, string>, number, string, string]> = [
      [{ grant_type: GRANT }, 400, 'invalid_request', 'Missing required parameter: assertion'],
      [{ grant_type: GRANT, assertion: 'not.a-jwt' }, 400, 'invalid_grant', 'Invalid JWT: the assertion is not a signed JWT.'],
      [{ grant_type: GRANT, assertion: assertion(claims(), other) }, 400, 'invalid_grant', 'Invalid JWT Signature.'],
      [{ grant_type: GRANT, assertion: assertion(claims(), keys[1]!.private_key) }, 400, 'invalid_grant', 'Invalid JWT Signature.'],
      [{ grant_type: GRANT, assertion: assertion(claims({ iss: 'nobody@example.iam.gserviceaccount.com' })) }, 400, 'invalid_grant', 'Invalid grant: account not found'],
      [{ grant_type: GRANT, assertion: assertion(claims({ exp: now + 7200 })) }, 400, 'invalid_grant', expect.stringContaining('short-lived token (60 minutes)')],
      [{ grant_type: GRANT, assertion: assertion(claims({ iat: now - 7200, exp: now - 3600 })) }, 400, 'invalid_grant', expect.stringContaining('Check your iat and exp')],
      [{ grant_type: GRANT, assertion: assertion(claims({ aud: 'https://example.com/token' })) }, 400, 'invalid_grant', expect.stringContaining('Invalid JWT audience')],
      [{ grant_type: GRANT, assertion: assertion(claims({ scope: undefined })) }, 400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.'],
      [{ grant_type: GRANT, assertion: assertion(claims({ sub: 'someone@example.com' })) }, 401, 'unauthorized_client', expect.stringContaining('unauthorized')],
    ];
    for (const [form, status, error, description] of cases) {
      const reply = await postForm(emulator.app, '/token', form);
      expect({ status: reply.status, body: reply.body }).toEqual({ status, body: { error, error_description: description } });
    }
    expect(emulator.state.serviceAccountTokens.size).toBe(0);
  });

  it('issues a token that expires on the emulator clock and calls no player route', async () => {
    const { access_token: token } = (await postForm(emulator.app, '/token', { grant_type: GRANT, assertion: assertion(claims({ scope: `${RECALL_SCOPE} https://www.googleapis.com/auth/games` })) })).body;
    const asPlayer = await api(emulator.app, 'GET', '/games/v1/players/me', token);
    expect(asPlayer.status).toBe(403);
    expect(asPlayer.body.error.errors[0].reason).toBe('insufficientPermissions');
    emulator.state.clock.advance(3600);
    const expired = await api(emulator.app, 'GET', '/games/v1/players/me', token);
    expect(expired.status).toBe(401);
  });

  it('leaves the web-client grants as they were', async () => {
    expect((await signIn(emulator.app)).access_token).toMatch(/^ya29\.emu-/);
  });
});
