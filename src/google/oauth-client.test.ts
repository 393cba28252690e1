import { describe, expect, it } from 'vitest';
import { GOOGLE_ENDPOINTS } from './endpoints.js';
import { GoogleOAuthError, GoogleUnavailableError } from './errors.js';
import type { CallInfo } from './http.js';
import { OAuthClient } from './oauth-client.js';
import { SCOPES } from './wire/scopes.js';
import { connectionRefused, fakeFetch, formOf, hangingFetch, json, type FakeFetch } from './test-support/fake-fetch.js';

const CLIENT_ID = '123456789012-abcdef.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-super-secret-value';
const CODE = '4/0AX4XfWhSecretServerAuthCode';
const REFRESH = '1//0gRefreshTokenSecret';
const ACCESS = 'ya29.a0AccessTokenSecret';
const NOW = Date.parse('2025-03-01T12:00:00Z');

const TOKEN_ANSWER = {
  access_token: ACCESS,
  expires_in: 3599,
  token_type: 'Bearer',
  scope: `${SCOPES.gamesLite} ${SCOPES.driveAppData}`,
  refresh_token: REFRESH,
};

function oauth(fetch: FakeFetch, onCall?: (info: CallInfo) => void) {
  return new OAuthClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    endpoints: GOOGLE_ENDPOINTS,
    fetch,
    now: () => NOW,
    sleep: () => Promise.resolve(),
    ...(onCall ? { onCall } : {}),
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectNoSecrets(error: unknown): void {
  for (const text of [String(error), JSON.stringify(error), (error as Error).message, (error as Error).stack ?? '']) {
    for (const secret of [CLIENT_SECRET, CODE, REFRESH, ACCESS]) expect(text).not.toContain(secret);
  }
}

describe('OAuthClient.exchangeCode', () => {
  it('posts the code with an empty redirect_uri and the client credentials in the form', async () => {
    const fetch = fakeFetch([json(200, { ...TOKEN_ANSWER, id_token: 'eyJ.header.sig' })]);

    const tokens = await oauth(fetch).exchangeCode(CODE);

    expect(fetch.calls).toHaveLength(1);
    const req = fetch.calls[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(GOOGLE_ENDPOINTS.token);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers.authorization).toBeUndefined();
    expect(formOf(req)).toEqual({
      grant_type: 'authorization_code',
      code: CODE,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uri: '',
    });
    expect(tokens).toEqual({
      ...TOKEN_ANSWER,
      id_token: 'eyJ.header.sig',
      expiresAt: NOW + 3_599_000,
      scopes: [SCOPES.gamesLite, SCOPES.driveAppData],
    });
  });

  it('sends another redirect_uri only when asked', async () => {
    const fetch = fakeFetch([json(200, TOKEN_ANSWER)]);
    await oauth(fetch).exchangeCode(CODE, { redirectUri: 'https://game.example/cb' });
    expect(formOf(fetch.calls[0]).redirect_uri).toBe('https://game.example/cb');
  });

  it('leaves out refresh_token and id_token when Google sends none', async () => {
    const { refresh_token: _r, ...withoutRefresh } = TOKEN_ANSWER;
    const tokens = await oauth(fakeFetch([json(200, withoutRefresh)])).exchangeCode(CODE);
    expect(tokens).not.toHaveProperty('refresh_token');
    expect(tokens).not.toHaveProperty('id_token');
  });

  it('maps a used code to GoogleOAuthError invalid_grant, without the code or secret in it', async () => {
    const fetch = fakeFetch([json(400, { error: 'invalid_grant', error_description: `Code ${CODE} was already redeemed.` })]);

    const error = await rejection(oauth(fetch).exchangeCode(CODE));

    expect(error).toBeInstanceOf(GoogleOAuthError);
    expect(error).toMatchObject({
      code: 'ERR_GOOGLE_OAUTH',
      operation: 'oauth.token.exchange',
      error: 'invalid_grant',
      status: 400,
      description: 'Code [REDACTED] was already redeemed.',
    });
    expectNoSecrets(error);
    expect(fetch.calls).toHaveLength(1);
  });

  it('maps a wrong client secret to invalid_client', async () => {
    const fetch = fakeFetch([json(401, { error: 'invalid_client', error_description: 'Unauthorized' })]);
    const error = await rejection(oauth(fetch).exchangeCode(CODE));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_OAUTH', error: 'invalid_client', status: 401, description: 'Unauthorized' });
    expectNoSecrets(error);
  });

  it('never retries: a 503 is reported after one attempt', async () => {
    const calls: CallInfo[] = [];
    const fetch = fakeFetch([json(503, { error: 'temporarily_unavailable' }), json(200, TOKEN_ANSWER)]);

    const error = await rejection(oauth(fetch, (c) => calls.push(c)).exchangeCode(CODE));

    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 1, operation: 'oauth.token.exchange' });
    expect(fetch.calls).toHaveLength(1);
    expect(calls).toEqual([{ operation: 'oauth.token.exchange', status: 503, durationMs: expect.any(Number), attempt: 1 }]);
  });

  it('never retries a network failure: GoogleUnavailableError after one attempt', async () => {
    const fetch = fakeFetch([connectionRefused(), json(200, TOKEN_ANSWER)]);
    const error = await rejection(oauth(fetch).exchangeCode(CODE));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'network', attempts: 1 });
    expect(fetch.calls).toHaveLength(1);
    expectNoSecrets(error);
  });

  it('times out a hung token endpoint', async () => {
    const error = await rejection(oauth(hangingFetch()).exchangeCode(CODE, { timeoutMs: 30 }));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'timeout', attempts: 1 });
  });

  it.each([
    ['not an object', [1, 2]],
    ['no access_token', { ...TOKEN_ANSWER, access_token: '' }],
    ['no expires_in', { ...TOKEN_ANSWER, expires_in: undefined }],
    ['a negative expires_in', { ...TOKEN_ANSWER, expires_in: -1 }],
    ['another token type', { ...TOKEN_ANSWER, token_type: 'MAC' }],
  ])('refuses an answer with %s as an invalid response, quoting none of it', async (_what, body) => {
    const error = await rejection(oauth(fakeFetch([json(200, body)])).exchangeCode(CODE));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'invalid_response', status: 200 });
    expectNoSecrets(error);
  });

  it('accepts expires_in as a numeric string and a lower-case token type', async () => {
    const tokens = await oauth(fakeFetch([json(200, { ...TOKEN_ANSWER, expires_in: '60', token_type: 'bearer' })])).exchangeCode(CODE);
    expect(tokens).toMatchObject({ expires_in: 60, token_type: 'Bearer', expiresAt: NOW + 60_000 });
  });

  it('refuses an empty code before calling Google', async () => {
    const fetch = fakeFetch([]);
    await expect(oauth(fetch).exchangeCode('')).rejects.toThrow(TypeError);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('OAuthClient.refresh', () => {
  it('posts the refresh grant', async () => {
    const { refresh_token: _r, ...answer } = TOKEN_ANSWER;
    const fetch = fakeFetch([json(200, answer)]);

    const tokens = await oauth(fetch).refresh(REFRESH);

    expect(fetch.calls[0]?.url).toBe(GOOGLE_ENDPOINTS.token);
    expect(formOf(fetch.calls[0])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REFRESH,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(tokens.access_token).toBe(ACCESS);
    expect(tokens.expiresAt).toBe(NOW + 3_599_000);
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('is retried on 503 and network errors', async () => {
    const fetch = fakeFetch([json(503, { error: 'backend_error' }), connectionRefused(), json(200, TOKEN_ANSWER)]);
    const tokens = await oauth(fetch).refresh(REFRESH);
    expect(tokens.access_token).toBe(ACCESS);
    expect(fetch.calls).toHaveLength(3);
  });

  it('maps a revoked refresh token to invalid_grant, not retried, secrets out', async () => {
    const fetch = fakeFetch([json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })]);
    const error = await rejection(oauth(fetch).refresh(REFRESH));
    expect(error).toMatchObject({
      code: 'ERR_GOOGLE_OAUTH',
      error: 'invalid_grant',
      status: 400,
      description: 'Token has been expired or revoked.',
      message: 'oauth.token.refresh: Google answered HTTP 400 invalid_grant: Token has been expired or revoked.',
    });
    expect(fetch.calls).toHaveLength(1);
    expectNoSecrets(error);
  });
});

describe('OAuthClient.revoke', () => {
  it('posts the token in the form body, never in the URL', async () => {
    const fetch = fakeFetch([json(200, {})]);

    expect(await oauth(fetch).revoke(REFRESH)).toEqual({ revoked: true });

    expect(fetch.calls[0]?.url).toBe(GOOGLE_ENDPOINTS.revoke);
    expect(fetch.calls[0]?.method).toBe('POST');
    expect(formOf(fetch.calls[0])).toEqual({ token: REFRESH });
  });

  it('reports an already dead token as not revoked instead of failing', async () => {
    const fetch = fakeFetch([json(400, { error: 'invalid_token', error_description: 'Token expired or revoked' })]);
    expect(await oauth(fetch).revoke(ACCESS)).toEqual({ revoked: false });
  });

  it('throws other OAuth errors and unavailability', async () => {
    const bad = await rejection(oauth(fakeFetch([json(400, { error: 'invalid_request' })])).revoke(ACCESS));
    expect(bad).toMatchObject({ code: 'ERR_GOOGLE_OAUTH', error: 'invalid_request' });
    const down = await rejection(oauth(fakeFetch(() => new Response('down', { status: 503 }))).revoke(ACCESS));
    expect(down).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'http', status: 503, attempts: 3 });
    expectNoSecrets(down);
  });
});

describe('OAuthClient construction', () => {
  it('requires the client credentials', () => {
    expect(() => new OAuthClient({ clientId: '', clientSecret: 's', endpoints: GOOGLE_ENDPOINTS })).toThrow(TypeError);
    expect(() => new OAuthClient({ clientId: 'c', clientSecret: '', endpoints: GOOGLE_ENDPOINTS })).toThrow(TypeError);
  });
});
