/**
 * Named prepared statements for the store's hot statements on PostgreSQL.
 *
 * A statement whose text starts with the marker comment `/* prepared: NAME *\/` runs as the
 * named prepared statement NAME: PostgreSQL parses and plans it once per connection, and every
 * later execution sends only Bind/Execute (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY;
 * node-postgres keeps track of what each connection has prepared,
 * https://node-postgres.com/features/queries#prepared-statements). Every other statement runs
 * unnamed, as before. On SQLite the marker is a comment like any other (that driver caches
 * prepared statements by text anyway).
 *
 * Rules for a marked statement: one name, one text (the pool refuses a second text under a name
 * it has seen, which would break on a connection that prepared the first), and an explicit
 * column list wherever it returns rows, never `*`: a prepared plan whose result columns change
 * under it (another instance migrating a column in) fails with "cached plan must not change
 * result type" until the connection is replaced.
 *
 * The wrapper sits between kysely's PostgreSQL driver and the pg pool, so marked statements run
 * as prepared inside transactions too. A pooler that does not keep prepared statements across
 * transactions (PgBouncer in transaction mode before 1.21, or without `max_prepared_statements`)
 * needs `openStore(url, { preparedStatements: false })`.
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const MARKER = /^\/\* prepared: ([a-z_][a-z0-9_]{0,62}) \*\//;

/** The prepared-statement name a statement's text asks for, from its leading marker comment. */
export function preparedStatementName(text: string): string | undefined {
  // Fast path: kysely's own statements start with a keyword, never a comment.
  if (text.charCodeAt(0) !== 0x2f /* '/' */) return undefined;
  return MARKER.exec(text)?.[1];
}

/** Wraps `pool` for kysely's PostgresDialect: statements with the marker run as named prepared statements. */
export function preparedStatementsPool(pool: pg.Pool): PostgresPool {
  const textsByName = new Map<string, string>();
  // kysely keys its connections by client object: one wrapper per pg client, for its lifetime.
  const wrappers = new WeakMap<pg.PoolClient, PreparingClient>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = new PreparingClient(client, textsByName);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

class PreparingClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #textsByName: Map<string, string>;

  constructor(client: pg.PoolClient, textsByName: Map<string, string>) {
    this.#client = client;
    this.#textsByName = textsByName;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      // kysely streams only when its dialect is given a cursor class; the store never does.
      throw new TypeError('the store does not stream query results');
    }
    const values = parameters === undefined ? [] : [...parameters];
    const name = preparedStatementName(sqlOrCursor);
    if (name === undefined) return this.#client.query(sqlOrCursor, values) as unknown as Promise<PostgresQueryResult<R>>;
    const known = this.#textsByName.get(name);
    if (known === undefined) this.#textsByName.set(name, sqlOrCursor);
    else if (known !== sqlOrCursor) {
      return Promise.reject(new Error(`prepared statement ${name} was given two different texts`));
    }
    return this.#client.query({ name, text: sqlOrCursor, values }) as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(destroy?: boolean): void {
    this.#client.release(destroy);
  }
}
