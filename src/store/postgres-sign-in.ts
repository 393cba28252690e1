/**
 * PostgreSQL only: the two common sign-ins as ONE statement, so one round trip instead of the
 * transactional path's seven or eight (BEGIN, lookup, INSERT or UPDATE, history, COMMIT):
 *
 * - a returning player, found under the player ID Google names now: `updated` rewrites the row;
 * - a player the store has never seen under any ID Google named (nor the ID token's `sub`):
 *   `inserted` creates it.
 *
 * Either way `history` records the player's IDs in the same statement, so the player and its
 * history commit together; a new player's account and its `play-games` link (`new_account`,
 * `new_link`) too, and a returning player's account is read through their link. The links'
 * foreign keys are checked at the end of the statement, when the player and the account exist. Data-modifying CTEs all run on one snapshot and see each other only
 * through RETURNING (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING),
 * which is why `inserted` reads `updated` and `history` reads `signed_in`.
 *
 * What it leaves to the transactional path (`PlayerRepository`), by returning no row:
 * - a remap: the player is known under `originalPlayerId` / `alternatePlayerId`, in the ID
 *   history, or by the ID token's `sub` (the guard in `inserted` stops the INSERT);
 * - a lost race: a concurrent first sign-in of the same player inserted it first. The INSERT's
 *   `ON CONFLICT DO NOTHING` (every unique index is an arbiter) waits for that transaction to
 *   commit and then inserts nothing; the transactional path, on a fresh snapshot, finds the
 *   winner's row. Exactly one sign-in reports `created`, and one row exists.
 *
 * It restates, in SQL, the column rules of `PlayerRepository.#updateOnSignIn` / `#upsertIn` and
 * `idTokenColumns` (which fields overwrite, which keep the stored value when absent): a new
 * `players` column or sign-in rule goes in both. `postgres-sign-in.test.ts` runs one sequence
 * of sign-ins through both paths on PostgreSQL and compares the stored rows column by column.
 *
 * The text is static, so kysely builds nothing, and it runs as a named prepared statement
 * (`postgres-prepared-statements.ts`): PostgreSQL plans it once per connection. The parameters
 * are bound by position and cast explicitly (in `INSERT … SELECT` an untyped parameter would
 * otherwise resolve to text).
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, type Selectable } from 'kysely';
import { newAccountId } from './account-repository.js';
import type { PlayersTable } from './db-schema.js';
import type { PlayerIdKind, PlayerSignIn } from './store.js';

/** A player row with its account, and whether this statement created it. */
export type SignedInRow = Selectable<PlayersTable> & { account_id: string; created: boolean };

/** Every column of `players`, listed: a prepared statement must not return `*` (see `postgres-prepared-statements.ts`). */
const PLAYER_COLUMNS = `id, application_id, player_id, game_player_id, developer_player_key, display_name,
    avatar_image_url, title, google_sub, email, email_verified, name, picture, given_name,
    family_name, locale, created_at, updated_at, last_sign_in_at`;

const SIGN_IN_SQL = `/* prepared: pgs_sign_in */
with updated as (
  update players set
    display_name = $6::text,
    avatar_image_url = $7::text,
    title = $8::text,
    game_player_id = coalesce($4::text, game_player_id),
    developer_player_key = coalesce($5::text, developer_player_key),
    google_sub = coalesce($9::text, google_sub),
    email = coalesce($10::text, email),
    email_verified = coalesce($11::boolean, email_verified),
    name = coalesce($12::text, name),
    picture = coalesce($13::text, picture),
    given_name = coalesce($14::text, given_name),
    family_name = coalesce($15::text, family_name),
    locale = coalesce($16::text, locale),
    updated_at = $17::bigint,
    last_sign_in_at = $17::bigint
  where application_id = $1::text and player_id = $2::text
  returning ${PLAYER_COLUMNS}
),
inserted as (
  insert into players (
    ${PLAYER_COLUMNS}
  )
  select $3::text, $1::text, $2::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text,
         $10::text, $11::boolean, $12::text, $13::text, $14::text, $15::text, $16::text,
         $17::bigint, $17::bigint, $17::bigint
  -- One equality lookup per way of knowing the player (under the current ID, updated looked):
  -- each a unique-index probe in any plan, generic ones included.
  where not exists (select 1 from updated)
    and not exists (select 1 from players where application_id = $1::text and player_id = $20::text)
    and not exists (select 1 from players where application_id = $1::text and player_id = $21::text)
    and not exists (select 1 from players where application_id = $1::text and google_sub = $9::text)
    and not exists (select 1 from player_id_history where application_id = $1::text and player_id = $2::text)
    and not exists (select 1 from player_id_history where application_id = $1::text and player_id = $20::text)
    and not exists (select 1 from player_id_history where application_id = $1::text and player_id = $21::text)
  on conflict do nothing
  returning ${PLAYER_COLUMNS}
),
new_account as (
  insert into accounts (id, created_at)
  select $22::text, $17::bigint from inserted
),
new_link as (
  insert into account_identities (provider, subject, account_ref, player_ref, linked_at)
  select 'play-games', inserted.id, $22::text, inserted.id, $17::bigint from inserted
),
signed_in as (
  select updated.*, i.account_ref as account_id, false as created
  from updated join account_identities i on i.player_ref = updated.id
  union all
  select inserted.*, $22::text as account_id, true as created from inserted
),
history as (
  insert into player_id_history (application_id, player_id, player_ref, kind, first_seen_at)
  select s.application_id, n.player_id, s.id, n.kind, $17::bigint
  from signed_in s cross join unnest($18::text[], $19::text[]) as n(player_id, kind)
  on conflict (application_id, player_id) do update set kind = excluded.kind
  where player_id_history.player_ref = excluded.player_ref
    and ((excluded.kind = 'current' and player_id_history.kind <> 'current')
      or (excluded.kind = 'original' and player_id_history.kind = 'previous'))
)
select ${PLAYER_COLUMNS}, account_id, created from signed_in`;

/**
 * The player IDs a sign-in names, deduplicated, each once with the kind it is recorded as:
 * the current ID first, then Google's original and alternate IDs when they differ from it.
 */
export function namedPlayerIds(input: PlayerSignIn): [string, PlayerIdKind][] {
  const named: [string, PlayerIdKind][] = [[input.playerId, 'current']];
  for (const [playerId, kind] of [
    [input.originalPlayerId, 'original'],
    [input.alternatePlayerId, 'alternate'],
  ] as const) {
    if (playerId === undefined || playerId === '' || named.some(([seen]) => seen === playerId)) continue;
    named.push([playerId, kind]);
  }
  return named;
}

/** The one-statement sign-in for `input` at `now` (see the file comment). */
export function signInStatement(input: PlayerSignIn, now: number): CompiledQuery<SignedInRow> {
  const claims = input.idToken;
  const named = namedPlayerIds(input);
  return CompiledQuery.raw(SIGN_IN_SQL, [
    input.applicationId,
    input.playerId,
    randomUUID(),
    input.gamePlayerId ?? null,
    input.developerPlayerKey ?? null,
    input.displayName,
    input.avatarImageUrl ?? null,
    input.title ?? null,
    claims?.sub ?? null,
    claims?.email ?? null,
    claims?.emailVerified ?? null,
    claims?.name ?? null,
    claims?.picture ?? null,
    claims?.givenName ?? null,
    claims?.familyName ?? null,
    claims?.locale ?? null,
    now,
    named.map(([playerId]) => playerId),
    named.map(([, kind]) => kind),
    // The IDs Google named besides the current one, for the guard (null matches nothing).
    named[1]?.[0] ?? null,
    named[2]?.[0] ?? null,
    // The account a new player gets; unused when the player is known.
    newAccountId(),
  ]);
}
