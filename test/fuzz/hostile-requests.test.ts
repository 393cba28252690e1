/**
 * Fuzzing: thousands of generated hostile requests (hostile-requests.ts) against a backend over
 * the live emulator, in-process with `app.inject()`, on each store. Every answer must be below
 * 500, every refusal in the one envelope `{ error: { code, message } }` with a registry code, and
 * the process must neither crash nor leave a rejection unhandled. A failure prints the seed:
 * `FUZZ_SEED=<seed> npx vitest run test/fuzz/hostile-requests.test.ts` replays it.
 */
import { randomInt } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/backend/errors.js';
import { describeEachStore } from '../../src/backend/test-support/each-store.js';
import { harnessesFor, signInNewPlayer } from '../../src/backend/test-support/harness.js';
import { hostileRequest, prng, type HostileRequest } from './hostile-requests.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const AT_ONCE = 32;
const SERVER_API_KEY = 'fuzz-server-api-key-0123456789abcdef';

interface Finding {
  request: HostileRequest;
  status: number;
  body: string;
  problem: string;
}

/** What is wrong with an answer, or undefined. */
function problemOf(request: HostileRequest, status: number, contentType: string | undefined, body: string): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status < 400 || request.method === 'HEAD') return undefined;
  if (!contentType?.startsWith('application/json')) return `a ${status} with content-type ${contentType ?? 'none'}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `a ${status} whose body is not JSON`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  const keys = Object.keys(parsed as object);
  if (keys.length !== 1 || keys[0] !== 'error' || typeof error !== 'object' || error === null) return `a ${status} outside the envelope`;
  if (Object.keys(error).sort().join() !== 'code,message' || typeof error.message !== 'string') return `a ${status} outside the envelope`;
  if (typeof error.code !== 'string' || !Object.hasOwn(ERROR_CODES, error.code)) return `a ${status} with a code not in the registry: ${String(error.code)}`;
  if (ERROR_CODES[error.code as keyof typeof ERROR_CODES].status !== status) return `${error.code} answered with ${status}`;
  return undefined;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describeEachStore('fuzzing the backend with hostile requests', (database) => {
  const harness = harnessesFor(database);

  it(`${REQUESTS} generated hostile requests: no 5xx, every refusal in the envelope, no crash`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
    const h = await harness({ env: { PGS_SERVER_API_KEY: SERVER_API_KEY, PGS_LOG_LEVEL: 'silent' } });
    const player = await signInNewPlayer(h, { tester: true });
    const [application] = await h.control.applications();
    const credentials = {
      session: player.accessToken,
      refreshToken: player.refreshToken,
      serverApiKey: SERVER_API_KEY,
      playerId: player.playerId,
      achievementId: application!.achievements[0]!.id,
    };
    const random = prng(seed);
    const findings: Finding[] = [];
    const statuses = new Map<number, number>();
    const startedAt = Date.now();
    for (let sent = 0; sent < REQUESTS; sent += AT_ONCE) {
      const batch = Array.from({ length: Math.min(AT_ONCE, REQUESTS - sent) }, () => hostileRequest(random, credentials));
      await Promise.all(
        batch.map(async (request) => {
          const res = await h.app.inject({ ...request, ...(request.payload === undefined ? {} : { payload: request.payload }) });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problem = problemOf(request, res.statusCode, res.headers['content-type'] as string | undefined, res.body);
          if (problem) findings.push({ request: { ...request, payload: request.payload?.slice(0, 200) }, status: res.statusCode, body: res.body.slice(0, 300), problem });
        }),
      );
    }
    const elapsedMs = Date.now() - startedAt;
    const summary = `seed ${seed}: ${REQUESTS} requests in ${elapsedMs} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`;
    console.info(summary);
    expect(findings.slice(0, 5), `${summary}\nreplay with FUZZ_SEED=${seed}`).toEqual([]);
    expect(unhandled, summary).toEqual([]);
    // The backend is still whole: it answers, and the player's data is readable.
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // The run covered the surface, not one corner of it.
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
