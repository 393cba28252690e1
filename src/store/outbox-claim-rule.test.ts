/**
 * The claim rule in its two forms: the TypeScript predicates and the SQL built from them must pick
 * the same writes from the same rows, on every database (a drift would let the worker's SQL and
 * its in-order prefix disagree). Then the prefix rule itself, which is TypeScript only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openStore, type OpenStoreOptions } from './open-store.js';
import {
  claimablePrefix,
  dueSql,
  holdsLiveLease,
  isDue,
  liveLeaseSql,
  mayClaimOnEnqueue,
  waitingSql,
  type ClaimFields,
} from './outbox-claim-rule.js';
import { testPostgres } from './test-support/postgres-test-schema.js';

const NOW = 1_750_000_000_000;

/** Every row the store can hold around `NOW`: each status with clocks just before, at and after it. */
function grid(): ClaimFields[] {
  const around = [NOW - 1, NOW, NOW + 1];
  const rows: ClaimFields[] = [];
  for (const next_attempt_at of around) {
    for (const status of ['pending', 'done', 'failed']) rows.push({ status, next_attempt_at, lease_until: null });
    // In flight always holds a lease (every path that sets the status sets lease_until).
    for (const lease_until of around) rows.push({ status: 'in_flight', next_attempt_at, lease_until });
  }
  return rows;
}

const folder = mkdtempSync(join(tmpdir(), 'pgs-claim-rule-'));
const pg = testPostgres();
const targets: Array<{ name: string; url: string; options: OpenStoreOptions }> = [
  { name: 'sqlite', url: `sqlite:${join(folder, 'rule.sqlite')}`, options: {} },
  ...(pg === undefined ? [] : [{ name: 'postgres', url: pg.url, options: { schema: pg.schema } }]),
];
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await pg?.drop();
});

describe.each(targets)('the claim rule in SQL matches it in TypeScript: $name', ({ url, options }) => {
  it('picks the same due, live-leased and waiting writes from every row', async () => {
    const store = await openStore(url, options);
    const { db } = await openDatabase(url, options);
    try {
      const { player } = await store.upsertPlayerOnSignIn({ applicationId: 'rule', playerId: 'g-rule', displayName: 'Rule' });
      const rows = grid();
      const inserted = await db
        .insertInto('achievement_writes')
        .values(
          rows.map((r) => ({
            player_ref: player.id,
            achievement_id: 'a',
            op: 'UNLOCK',
            steps: null,
            request_id: null,
            status: r.status,
            attempts: 0,
            next_attempt_at: r.next_attempt_at,
            lease_until: r.lease_until,
            last_error: null,
            result: null,
            created_at: NOW,
            updated_at: NOW,
          })),
        )
        .returning(['id', 'status', 'next_attempt_at', 'lease_until'])
        .execute();
      const picked = async (condition: ReturnType<typeof dueSql>) =>
        (await db.selectFrom('achievement_writes').select('id').where('player_ref', '=', player.id).where(condition).orderBy('id').execute()).map((r) =>
          Number(r.id),
        );
      const expected = (keep: (row: ClaimFields) => boolean) => inserted.filter(keep).map((r) => Number(r.id));
      const open = (row: ClaimFields) => row.status === 'pending' || row.status === 'in_flight';

      expect(await picked(dueSql(NOW))).toEqual(expected((r) => isDue(r, NOW)));
      expect(await picked(liveLeaseSql(NOW))).toEqual(expected((r) => holdsLiveLease(r, NOW)));
      expect(await picked(waitingSql(NOW))).toEqual(expected((r) => open(r) && !isDue(r, NOW)));
      // The grid is not trivial: each form picks some rows and leaves others.
      expect(expected((r) => isDue(r, NOW)).length).toBeGreaterThan(0);
      expect(expected((r) => !isDue(r, NOW)).length).toBeGreaterThan(0);
      await store.deletePlayer(player.id);
    } finally {
      await db.destroy();
      await store.close();
    }
  });
});

describe('claimablePrefix', () => {
  const pending = (next_attempt_at: number): ClaimFields => ({ status: 'pending', next_attempt_at, lease_until: null });
  const inFlight = (lease_until: number): ClaimFields => ({ status: 'in_flight', next_attempt_at: 0, lease_until });

  it('takes the due writes in order, up to the first that is not due', () => {
    const open = [pending(NOW), inFlight(NOW - 1), pending(NOW + 1), pending(NOW)];
    expect(claimablePrefix(open, NOW)).toEqual(open.slice(0, 2));
    expect(claimablePrefix([pending(NOW + 1), pending(NOW)], NOW)).toEqual([]);
    expect(claimablePrefix([], NOW)).toEqual([]);
  });

  it('takes nothing of a player while one of their writes holds a live lease, wherever it is', () => {
    expect(claimablePrefix([pending(NOW), inFlight(NOW + 1)], NOW)).toEqual([]);
    expect(claimablePrefix([inFlight(NOW + 1), pending(NOW)], NOW)).toEqual([]);
  });

  it('lets writes be leased as they are stored only when nothing of the player is open', () => {
    expect(mayClaimOnEnqueue([])).toBe(true);
    expect(mayClaimOnEnqueue([pending(NOW + 1)])).toBe(false);
    expect(mayClaimOnEnqueue([inFlight(NOW - 1)])).toBe(false);
  });
});
