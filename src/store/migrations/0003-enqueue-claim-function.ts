/**
 * PostgreSQL only: `pgs_enqueue_claim`, the send-at-once path's record-and-claim as one call
 * instead of a five-statement transaction (BEGIN, player lock, open-writes check, INSERT, COMMIT),
 * each statement a round trip. Same rules as before: with a lease, the player's row is locked
 * SKIP LOCKED (a player being claimed by a worker right now is left to it), then, in a fresh
 * snapshot (a VOLATILE PL/pgSQL function takes one per statement under READ COMMITTED), the new
 * writes are leased only if nothing else of the player is open. SQLite keeps the transaction:
 * there it costs no round trip.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`
    create function pgs_enqueue_claim(p_player text, p_rows jsonb, p_now bigint, p_lease_ms bigint)
    returns setof achievement_writes
    language plpgsql volatile
    as $body$
    declare
      v_claim boolean := false;
    begin
      if p_lease_ms is not null then
        perform 1 from players where id = p_player for update skip locked;
        if found then
          v_claim := not exists (
            select 1 from achievement_writes where player_ref = p_player and status in ('pending', 'in_flight')
          );
        end if;
      end if;
      return query
        insert into achievement_writes (
          player_ref, achievement_id, op, steps, request_id, status, attempts,
          next_attempt_at, lease_until, last_error, result, created_at, updated_at
        )
        select p_player, e.value ->> 'achievement_id', e.value ->> 'op', (e.value ->> 'steps')::integer,
               e.value ->> 'request_id', case when v_claim then 'in_flight' else 'pending' end, 0,
               p_now, case when v_claim then p_now + p_lease_ms end, null, null, p_now, p_now
        from jsonb_array_elements(p_rows) with ordinality as e(value, position)
        order by e.position
        returning *;
    end
    $body$
  `.execute(db);
}

export const migration0003EnqueueClaimFunction: StoreMigration = { name: '0003-enqueue-claim-function', up };
