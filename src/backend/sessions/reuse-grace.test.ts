/**
 * Refresh reuse grace: a client that lost the answer to a refresh retries with the token it
 * still holds. Regression: that retry (or two concurrent refreshes of one token) counted as
 * reuse and revoked the whole session family, signing the player out.
 */
import { expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, signInNewPlayer, type Harness } from '../test-support/harness.js';

const refresh = (h: Harness, refreshToken: string) => h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
const me = (h: Harness, accessToken: string) => h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
const reused = { status: 401, body: { error: { code: 'REFRESH_TOKEN_REUSED', message: expect.any(String) } } };

describeEachStore('refresh reuse grace', (kind) => {
  const harness = harnessesFor(kind);

  it('a retry within the grace gets the same new refresh token back, and the session goes on', async () => {
    const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '10' } });
    const { refreshToken } = await signInNewPlayer(h);
    const first = await refresh(h, refreshToken); // its answer is lost on the way
    expect(first.statusCode).toBe(200);
    h.clock.offsetMs += 3_000;
    const retry = await refresh(h, refreshToken);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['cache-control']).toBe('no-store');
    const session = retry.json().session as { accessToken: string; refreshToken: string };
    expect(session.refreshToken).toBe(first.json().session.refreshToken);
    expect((await me(h, session.accessToken)).statusCode).toBe(200);
    // The family has one live refresh token: the one both answers carried.
    const next = await refresh(h, session.refreshToken);
    expect(next.statusCode).toBe(200);
    expect((await me(h, next.json().session.accessToken)).statusCode).toBe(200);
  });

  it('two concurrent refreshes of one token both succeed, with one and the same new token', async () => {
    const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '10' } });
    const { refreshToken } = await signInNewPlayer(h);
    const answers = await Promise.all([refresh(h, refreshToken), refresh(h, refreshToken)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    const [a, b] = answers.map((answer) => answer.json().session.refreshToken as string);
    expect(a).toBe(b);
    expect((await refresh(h, a!)).statusCode).toBe(200);
  });

  it('only the just-rotated token: once its successor was used, presenting it is reuse, even within the grace', async () => {
    const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '10' } });
    const { refreshToken } = await signInNewPlayer(h);
    const second = (await refresh(h, refreshToken)).json().session.refreshToken as string;
    const third = await refresh(h, second);
    expect(third.statusCode).toBe(200);
    const stale = await refresh(h, refreshToken);
    expect({ status: stale.statusCode, body: stale.json() }).toEqual(reused);
    // The whole family is revoked: the newest token and its access token stop working.
    expect((await refresh(h, third.json().session.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await me(h, third.json().session.accessToken)).json().error.code).toBe('SESSION_INVALID');
  });

  it('after the grace, reuse still revokes the family', async () => {
    const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '10' } });
    const { refreshToken } = await signInNewPlayer(h);
    const first = await refresh(h, refreshToken);
    h.clock.offsetMs += 10_001;
    const late = await refresh(h, refreshToken);
    expect({ status: late.statusCode, body: late.json() }).toEqual(reused);
    expect((await refresh(h, first.json().session.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('PGS_REFRESH_REUSE_GRACE_SECONDS=0: any reuse revokes at once', async () => {
    const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '0' } });
    const { refreshToken } = await signInNewPlayer(h);
    const first = await refresh(h, refreshToken);
    const again = await refresh(h, refreshToken);
    expect({ status: again.statusCode, body: again.json() }).toEqual(reused);
    expect((await refresh(h, first.json().session.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('the default grace is 10 seconds', async () => {
    const h = await harness();
    expect(h.config.sessions.refreshReuseGraceSeconds).toBe(10);
    const { refreshToken } = await signInNewPlayer(h);
    const first = await refresh(h, refreshToken);
    h.clock.offsetMs += 9_000;
    expect((await refresh(h, refreshToken)).json().session.refreshToken).toBe(first.json().session.refreshToken);
  });
});
