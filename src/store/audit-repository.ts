/** The operators' audit log (`audit_log`, migration 0008): appended to, listed newest first, never updated. */
import type { Selectable } from 'kysely';
import type { AuditLogTable } from './db-schema.js';
import type { StoreContext } from './store-context.js';
import type { AuditEntry, AuditEntryInput, AuditOutcome, JsonValue } from './store.js';

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AuditOutcome,
    sourceIp: row.source_ip,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as JsonValue),
  };
}

export class AuditRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** See `Store.appendAuditEntry`. */
  async append(entry: AuditEntryInput): Promise<AuditEntry> {
    const row = await this.#ctx.db
      .insertInto('audit_log')
      .values({
        at: entry.at ?? this.#ctx.now(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        outcome: entry.outcome,
        source_ip: entry.sourceIp ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  /** See `Store.listAuditEntries`. */
  async list(options: { limit: number; before?: number; target?: string }): Promise<AuditEntry[]> {
    let query = this.#ctx.db.selectFrom('audit_log').selectAll();
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    if (options.target !== undefined) query = query.where('target', '=', options.target);
    const rows = await query.orderBy('id', 'desc').limit(Math.max(0, Math.floor(options.limit))).execute();
    return rows.map(toEntry);
  }
}
