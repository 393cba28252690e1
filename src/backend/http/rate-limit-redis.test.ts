/**
 * Rate limits across instances: with `REDIS_URL`, every backend instance counts in the one Redis,
 * so a client spreading its calls over two instances gets no more than the limit. Needs a Redis
 * (REDIS_URL, or redis://127.0.0.1:6379); skipped visibly without one.
 */
import { randomInt } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend, type Backend } from '../app.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 5;

/** Whether something answers PING at the Redis URL. */
async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => resolve(false));
    socket.on('data', (data: Buffer) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
  });
}
const haveRedis = await redisAnswers(REDIS_URL);

const open: { backend: Backend; store: Store }[] = [];
afterEach(async () => {
  for (const { backend, store } of open.splice(0)) {
    await backend.close();
    await store.close();
  }
});

async function instance(env: Record<string, string>): Promise<Backend> {
  const store = await openStore('sqlite::memory:');
  const backend = await createBackend({ config: withCredentials(testConfig({ PGS_SIGN_IN_RATE_LIMIT: String(LIMIT), ...env })), store });
  open.push({ backend, store });
  return backend;
}

/** A refresh from `address` (a bogus token: 401, yet it counts towards the limit). */
const refreshFrom = (backend: Backend, address: string) =>
  backend.app.inject({ method: 'POST', url: '/v1/auth/refresh', remoteAddress: address, payload: { refreshToken: 'pgsr_not-a-real-token' } });

/** A client address no other test run uses, so that counts left in Redis by earlier runs do not meet it. */
const freshAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe.skipIf(!haveRedis)(`rate limits across instances (Redis at ${REDIS_URL})`, () => {
  it('two instances sharing Redis let one client no more than the limit in all', async () => {
    const [a, b] = [await instance({ REDIS_URL }), await instance({ REDIS_URL })];
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await refreshFrom(i % 2 === 0 ? a : b, address)).statusCode);
    expect(statuses).toEqual([...Array.from({ length: LIMIT }, () => 401), 429, 429]);
    const limited = await refreshFrom(b, address);
    expect({ status: limited.statusCode, code: limited.json().error.code, retryAfter: Number(limited.headers['retry-after']) }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfter: expect.any(Number),
    });
    // Another client is not limited, on either instance.
    expect((await refreshFrom(a, freshAddress())).statusCode).toBe(401);
  });

  it('sign-in and refresh still count apart in Redis', async () => {
    const [a, b] = [await instance({ REDIS_URL }), await instance({ REDIS_URL })];
    const address = freshAddress();
    for (let i = 0; i < LIMIT; i++) await refreshFrom(i % 2 ? a : b, address);
    expect((await refreshFrom(a, address)).statusCode).toBe(429);
    const signIn = await b.app.inject({ method: 'POST', url: '/v1/auth/play-games', remoteAddress: address, payload: {} });
    expect(signIn.statusCode).toBe(400); // refused for its body, not limited
  });
});

describe('rate limits without a shared Redis', () => {
  it('without REDIS_URL each instance counts alone (docs/API.md says so)', async () => {
    const [a, b] = [await instance({}), await instance({})];
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) statuses.push((await refreshFrom(i % 2 === 0 ? a : b, address)).statusCode);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    expect((await refreshFrom(a, address)).statusCode).toBe(429);
  });

  it('a Redis that is unreachable skips the limit: requests are served, never refused for it', async () => {
    const backend = await instance({ REDIS_URL: 'redis://127.0.0.1:1' });
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await refreshFrom(backend, freshAddress())).statusCode);
    expect(statuses).toEqual(Array.from({ length: LIMIT + 2 }, () => 401));
  });

  it('a REDIS_URL that is not a Redis URL stops start-up, naming it', () => {
    expect(() => testConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
  });
});
