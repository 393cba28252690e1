/**
 * Crash test for events: Google records every `events.record` and then loses its answer (the
 * hardest case for counting once), slowly enough that requests are in flight; the backend
 * process is killed with SIGKILL in the middle of a wave of updates, then started again on the
 * same store. Clients resend what got no answer, with the same Idempotency-Key. Once Google
 * answers again, the emulator's counts are exact: no accepted update lost, none counted twice
 * (every resent batch carries its stored requestId, which Google answers ALREADY_UPDATED).
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
import { callBackend, freshPostgresDatabase, startChildBackend, type ChildBackend } from '../achievements/child-backend.js';

const PLAYERS = 5;
const WAVE = 4;
/** Updates per player in the wave the process dies in; it dies once a third of them were answered. */
const WAVE2 = 24;

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
  const [first, second] = app!.events.filter((e) => e.published && e.visibility === 'REVEALED');
  const env = { PGS_EMULATOR_URL: emulator.url, DATABASE_URL: databaseUrl, PGS_WRITE_SEND_DEADLINE_MS: '300', PGS_GOOGLE_TIMEOUT_MS: '500' };
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
  // Warm the definitions cache; then Google records every update and loses the answer, slowly.
  expect((await callBackend(backend.url, 'GET', '/v1/me/events', { token: players[0]!.token })).status).toBe(200);
  await emulator.control.addFault({ path: '/games/v1/events', method: 'POST', delayMs: 100, after: true });
  await emulator.control.addFault({ path: '/games/v1/events', method: 'POST', status: 503, after: true });

  const expected = new Map(players.map((p) => [p.playerId, { [first!.id]: 0, [second!.id]: 0 }]));
  const record = (url: string, p: Player, key: string, eventId: string, count: number) =>
    callBackend(url, 'POST', '/v1/me/events', { token: p.token, body: { updates: [{ eventId, count }] }, headers: { 'idempotency-key': key } });
  const expect1 = (p: Player, eventId: string, count: number) => {
    const counts = expected.get(p.playerId)!;
    counts[eventId] = counts[eventId]! + count;
  };

  await Promise.all(
    players.map(async (p, i) => {
      for (let w = 0; w < WAVE; w++) {
        const eventId = w % 2 === 0 ? first!.id : second!.id;
        const count = 1 + ((i + w) % 4);
        const res = await record(backend.url, p, `w1-${i}-${w}`, eventId, count);
        // 202 as a rule; 200 when an in-request retry already got ALREADY_UPDATED for it.
        expect([200, 202]).toContain(res.status);
        expect1(p, eventId, count);
      }
    }),
  );

  const unanswered: Array<{ p: Player; key: string; eventId: string; count: number }> = [];
  let dead = false;
  let answered = 0;
  let killed: Promise<void> | undefined;
  await Promise.all(
    players.map(async (p, i) => {
      for (let w = 0; w < WAVE2; w++) {
        const eventId = (i + w) % 3 === 0 ? second!.id : first!.id;
        const count = 1 + ((i * 3 + w) % 5);
        const key = `w2-${i}-${w}`;
        expect1(p, eventId, count);
        if (dead) {
          unanswered.push({ p, key, eventId, count });
          continue;
        }
        try {
          const res = await record(backend.url, p, key, eventId, count);
          expect([200, 202]).toContain(res.status);
          if (++answered === Math.floor((PLAYERS * WAVE2) / 3)) killed = backend.kill('SIGKILL');
        } catch {
          dead = true;
          unanswered.push({ p, key, eventId, count });
        }
      }
    }),
  );
  await killed;
  expect(unanswered.length).toBeGreaterThan(0);

  backend = await startChildBackend(env);
  for (const { p, key, eventId, count } of unanswered) {
    const res = await record(backend.url, p, key, eventId, count);
    expect([200, 202]).toContain(res.status);
  }
  await emulator.control.clearFaults();

  // Drained when no player's read shows an update Google has not confirmed.
  const deadline = Date.now() + 40_000;
  for (;;) {
    const reads = await Promise.all(players.map((p) => callBackend(backend.url, 'GET', '/v1/me/events', { token: p.token })));
    const open = reads.some((res) => (res.body as { items: Array<{ pendingCount?: number }> }).items.some((item) => item.pendingCount !== undefined));
    if (!open) break;
    if (Date.now() > deadline) throw new Error(`event outbox did not drain after the restart\n${backend.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const p of players) {
    const truth = await emulator.control.player(p.playerId);
    const counts = Object.fromEntries(truth.events[app!.applicationId]!.filter((e) => e.eventId === first!.id || e.eventId === second!.id).map((e) => [e.eventId, e.count]));
    expect({ player: p.playerId, counts }).toEqual({ player: p.playerId, counts: expected.get(p.playerId) });
  }
}

describe('SIGKILL with event updates pending and in flight', () => {
  it('sqlite file: nothing accepted is lost, nothing is counted twice', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgs-event-crash-'));
    await crashAndRecover(`sqlite:${path.join(dir, 'crash.sqlite')}`);
  });

  const pgUrl = testDatabaseUrl();
  (pgUrl ? it : it.skip)(`postgres${pgUrl ? '' : ' (TEST_DATABASE_URL not set)'}: nothing accepted is lost, nothing is counted twice`, { timeout: 90_000 }, async () => {
    const db = await freshPostgresDatabase(pgUrl!);
    cleanups.push(() => db.drop());
    await crashAndRecover(db.url);
  });
});
