/**
 * Which achievement writes may be leased for sending, decided here once. Every claim path of
 * `OutboxRepository` reads these definitions, in TypeScript or as the SQL built from them below;
 * `outbox-claim-rule.test.ts` runs both forms on the same rows of each database, and the
 * conformance suite pins PostgreSQL's `pgs_enqueue_claim` (migration 0003) to the TypeScript path.
 *
 * - A write is **open** while pending or in flight.
 * - An open write is **due** once the clock of its status has come: a pending write at
 *   `next_attempt_at` (its backoff, or the deferral of a dead grant), an in-flight one at
 *   `lease_until` (its sender crashed or gave up; Google dedups a resent increment by its
 *   `requestId`, and the other operations are idempotent).
 * - An in-flight write whose lease has not expired holds a **live lease**.
 * - **Per-player order**: nothing of a player is claimed while one of their writes holds a live
 *   lease; otherwise their open writes are claimed as an in-order prefix, ending at the first
 *   that is not due (SET_STEPS_AT_LEAST then INCREMENT does not commute).
 * - **Send at once**: a write being stored is leased to its caller on the spot only when the
 *   player has no open write at all (an open one goes first, through the worker).
 */
import { sql, type RawBuilder } from 'kysely';
import type { WriteStatus } from './store.js';

/** Statuses of a write not finished yet. */
export const OPEN_STATUSES = ['pending', 'in_flight'] as const satisfies readonly WriteStatus[];

/** For each open status, the column whose time makes the write due. */
export const DUE_AT = { pending: 'next_attempt_at', in_flight: 'lease_until' } as const;

/** The columns of a write the rule reads. */
export interface ClaimFields {
  status: string;
  next_attempt_at: number;
  lease_until: number | null;
}

/** Whether the write may be sent at `now` (ignoring the order of the player's other writes). */
export function isDue(write: ClaimFields, now: number): boolean {
  if (write.status !== 'pending' && write.status !== 'in_flight') return false;
  const at = write[DUE_AT[write.status]];
  return at !== null && at <= now;
}

/** Whether a sender holds the write's lease at `now`. */
export function holdsLiveLease(write: ClaimFields, now: number): boolean {
  return write.status === 'in_flight' && write.lease_until !== null && write.lease_until > now;
}

/** Of one player's open writes in id order, those to lease at `now`. */
export function claimablePrefix<W extends ClaimFields>(open: readonly W[], now: number): W[] {
  if (open.some((w) => holdsLiveLease(w, now))) return [];
  const end = open.findIndex((w) => !isDue(w, now));
  return end === -1 ? [...open] : open.slice(0, end);
}

/** Whether writes being stored may be leased to their caller at once, given the player's open writes. */
export function mayClaimOnEnqueue(open: readonly ClaimFields[]): boolean {
  return open.length === 0;
}

// The same definitions as SQL conditions on `achievement_writes` (or its alias `table`), for the
// statements that filter in the database.

function column(table: string | undefined, name: string): RawBuilder<unknown> {
  return sql.ref(table === undefined ? name : `${table}.${name}`);
}

/** `isDue` as SQL. */
export function dueSql(now: number, table?: string): RawBuilder<boolean> {
  const branches = Object.entries(DUE_AT).map(
    ([status, at]) => sql`(${column(table, 'status')} = ${status} and ${column(table, at)} <= ${now})`,
  );
  return sql<boolean>`(${sql.join(branches, sql` or `)})`;
}

/** `holdsLiveLease` as SQL. */
export function liveLeaseSql(now: number, table?: string): RawBuilder<boolean> {
  return sql<boolean>`(${column(table, 'status')} = ${'in_flight'} and ${column(table, 'lease_until')} > ${now})`;
}

/** Open and not due at `now`, as SQL: where a player's in-order prefix ends. */
export function waitingSql(now: number, table?: string): RawBuilder<boolean> {
  const branches = Object.entries(DUE_AT).map(
    ([status, at]) => sql`(${column(table, 'status')} = ${status} and ${column(table, at)} > ${now})`,
  );
  return sql<boolean>`(${sql.join(branches, sql` or `)})`;
}
