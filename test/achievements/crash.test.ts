/**
 * Crash test: with Google failing, writes are accepted (202); the backend
 * process is killed with SIGKILL while writes are pending and requests are in flight, then
 * started again on the same store. Clients resend what got no answer, with the same
 * Idempotency-Key. Once Google is back, the emulator's ground truth is exact: no accepted write
 * lost, none applied twice.
 *
 * The backend runs as `pgs serve` in a child process (the build is needed: `npm test` builds
 * first); the emulator runs here, on a loopback port.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/backend/test-support/harness.js';
import { testDatabaseUrl } from '../../src/store/test-support/postgres-test-schema.js';
import { CHILD_KEYS, callBackend, freshPostgresDatabase, startChildBackend, type ChildBackend } from './child-backend.js';

const PLAYERS = 6;
const WAVE = 5;
/** Writes per player in the wave the process dies in; it dies once a third of them were answered. */
const WAVE2 = 30;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Player {
  playerId: string;
  token: string;
}

async function crashAndRecover(databaseUrl: string): Promise<void> {
  const emulator: RunningEmulator = await startEmulator();
  cleanups.push(() => emulator.close());
  const [app] = await emulator.control.applications();
  const achievements = (await (await fetch(`${emulator.url}/emulator/v1/applications`)).json()) as {
    applications: Array<{ achievements: Array<{ id: string; achievementType: string; totalSteps?: number; published: boolean }> }>;
  };
  const big = achievements.applications[0]!.achievements
    .filter((a) => a.published && a.achievementType === 'INCREMENTAL')
    .sort((a, b) => (b.totalSteps ?? 0) - (a.totalSteps ?? 0))[0]!;

  const env = {
    PGS_EMULATOR_URL: emulator.url,
    DATABASE_URL: databaseUrl,
    PGS_WRITE_SEND_DEADLINE_MS: '300',
    PGS_GOOGLE_TIMEOUT_MS: '500',
  };
  let backend: ChildBackend = await startChildBackend(env);
  cleanups.push(() => backend.kill('SIGKILL'));

  const players: Player[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    const { playerId } = await emulator.control.createPlayer({ displayName: `Crash ${i}` });
    const { serverAuthCode: code } = await emulator.control.mintServerAuthCode({ playerId, clientId: app!.webClientId, forceRefreshToken: true });
    const res = await callBackend(backend.url, 'POST', '/v1/auth/play-games', { body: { serverAuthCode: code } });
    expect(res.status).toBe(200);
    players.push({ playerId, token: (res.body as { session: { accessToken: string } }).session.accessToken });
  }
  // Warm the definitions cache; then Google fails every write, slowly enough to be caught mid-call.
  expect((await callBackend(backend.url, 'GET', '/v1/me/achievements', { token: players[0]!.token })).status).toBe(200);
  await emulator.control.addFault({ path: '/games/v1/achievements/', delayMs: 100 });
  await emulator.control.addFault({ path: '/games/v1/achievements/', status: 503 });

  const expected = new Map(players.map((p) => [p.playerId, 0]));
  const write = (url: string, p: Player, key: string, steps: number) =>
    callBackend(url, 'POST', `/v1/me/achievements/${big.id}/increment`, { token: p.token, body: { steps }, headers: { 'idempotency-key': key } });

  // Wave 1: accepted while Google fails.
  await Promise.all(
    players.map(async (p, i) => {
      for (let w = 0; w < WAVE; w++) {
        const steps = 1 + ((i + w) % 4);
        const res = await write(backend.url, p, `w1-${i}-${w}`, steps);
        expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: { pending: true } });
        expected.set(p.playerId, expected.get(p.playerId)! + steps);
      }
    }),
  );

  // Wave 2: killed in the middle of it. A write whose request died with the process (or that
  // was never sent) is one the client does not know the fate of: it resends it later.
  const unanswered: Array<{ p: Player; key: string; steps: number }> = [];
  let dead = false;
  let answered = 0;
  let killed: Promise<void> | undefined;
  const wave2 = Promise.all(
    players.map(async (p, i) => {
      for (let w = 0; w < WAVE2; w++) {
        const steps = 1 + ((i * 3 + w) % 5);
        const key = `w2-${i}-${w}`;
        expected.set(p.playerId, expected.get(p.playerId)! + steps);
        if (dead) {
          unanswered.push({ p, key, steps });
          continue;
        }
        try {
          const res = await write(backend.url, p, key, steps);
          expect(res.status).toBe(202);
          if (++answered === Math.floor((PLAYERS * WAVE2) / 3)) killed = backend.kill('SIGKILL');
        } catch {
          dead = true;
          unanswered.push({ p, key, steps });
        }
      }
    }),
  );
  await wave2;
  await killed;
  expect(unanswered.length).toBeGreaterThan(0);

  // Start again on the same store; the clients resend what got no answer, with the same keys.
  backend = await startChildBackend(env);
  for (const { p, key, steps } of unanswered) {
    const res = await write(backend.url, p, key, steps);
    expect([200, 202]).toContain(res.status);
  }
  await emulator.control.clearFaults();

  const deadline = Date.now() + 40_000;
  for (;;) {
    const res = await callBackend(backend.url, 'GET', '/v1/admin/achievements/outbox', { token: CHILD_KEYS.PGS_SERVER_API_KEY });
    const stats = res.body as { pending: number; inFlight: number; failed: number };
    if (stats.pending + stats.inFlight === 0) {
      expect(stats.failed).toBe(0);
      break;
    }
    if (Date.now() > deadline) throw new Error(`outbox did not drain after the restart: ${JSON.stringify(stats)}\n${backend.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  for (const p of players) {
    const truth = await emulator.control.player(p.playerId);
    const steps = truth.achievements[app!.applicationId]?.find((a) => a.id === big.id)?.currentSteps ?? 0;
    expect({ player: p.playerId, steps }).toEqual({ player: p.playerId, steps: expected.get(p.playerId) });
  }
}

describe('SIGKILL with writes pending', () => {
  it('sqlite file: nothing accepted is lost, nothing is applied twice', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgs-crash-'));
    await crashAndRecover(`sqlite:${path.join(dir, 'crash.sqlite')}`);
  });

  const pgUrl = testDatabaseUrl();
  (pgUrl ? it : it.skip)(`postgres${pgUrl ? '' : ' (TEST_DATABASE_URL not set)'}: nothing accepted is lost, nothing is applied twice`, { timeout: 90_000 }, async () => {
    const db = await freshPostgresDatabase(pgUrl!);
    cleanups.push(() => db.drop());
    await crashAndRecover(db.url);
  });
});
