/**
 * The gauges of an outbox table (`Store.outboxStats`, `scoreOutboxStats`, `eventOutboxStats`):
 * how many writes are pending, in flight and failed, and how long the oldest open one has
 * waited. The three outboxes share their status column and its values, so one query serves them.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db-schema.js';
import type { OutboxStats } from './store.js';

/** The tables that follow the outbox's status rules (`outbox-claim-rule.ts`). */
export type OutboxTable = 'achievement_writes' | 'score_writes' | 'event_writes';

export async function outboxStats(db: Kysely<Database>, table: OutboxTable, now: number): Promise<OutboxStats> {
  const rows = await db
    .selectFrom(table)
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'in_flight', 'failed'])
    .groupBy('status')
    .execute();
  const stats: OutboxStats = { pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 };
  let oldest: number | undefined;
  for (const row of rows) {
    const n = Number(row.n);
    if (row.status === 'failed') {
      stats.failed = n;
      continue;
    }
    if (row.status === 'pending') stats.pending = n;
    else stats.inFlight = n;
    const created = Number(row.oldest);
    oldest = oldest === undefined ? created : Math.min(oldest, created);
  }
  if (oldest !== undefined) stats.oldestPendingAgeMs = Math.max(0, now - oldest);
  return stats;
}
