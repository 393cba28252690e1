/**
 * PostgreSQL's one-statement sign-in (`postgres-sign-in.ts`) restates the transactional path's
 * column rules in SQL. This runs one sequence of sign-ins through each path, in an application of
 * its own, and compares what they answer and the rows they store, column by column, after every
 * step: a rule changed in one path and not the other fails here.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db-schema.js';
import { openDatabase, openStore } from './open-store.js';
import { PlayerRepository } from './player-repository.js';
import type { Player, PlayerSignIn, Store } from './store.js';
import { testPostgres } from './test-support/postgres-test-schema.js';

const target = testPostgres();

type SignIn = Omit<PlayerSignIn, 'applicationId' | 'now'>;

/** One step: a sign-in, or the same sign-in several times at once. */
interface Step {
  name: string;
  signIn: SignIn;
  concurrent?: number;
}

const FULL_CLAIMS = {
  sub: 'sub-1',
  email: 'ada@example.test',
  emailVerified: true,
  name: 'Ada L',
  picture: 'https://example.test/p.png',
  givenName: 'Ada',
  familyName: 'L',
  locale: 'en-GB',
};

const STEPS: Step[] = [
  {
    name: 'a new player with every field',
    signIn: { playerId: 'p1', gamePlayerId: 'gp1', developerPlayerKey: 'dk1', displayName: 'Ada', avatarImageUrl: 'https://example.test/a.png', title: 'Rookie', idToken: FULL_CLAIMS },
  },
  {
    name: 'returning: profile changed, avatar and scoped IDs absent, some claims changed and some absent',
    signIn: { playerId: 'p1', displayName: 'Ada 2', title: 'Pro', idToken: { sub: 'sub-1', email: 'ada2@example.test', emailVerified: false } },
  },
  { name: 'returning without an ID token', signIn: { playerId: 'p1', displayName: 'Ada 3', avatarImageUrl: 'https://example.test/b.png' } },
  { name: 'returning with new scoped IDs', signIn: { playerId: 'p1', displayName: 'Ada 3', gamePlayerId: 'gp1b', developerPlayerKey: 'dk1b' } },
  { name: 'a new player with no optional field', signIn: { playerId: 'p2', displayName: 'Bo' } },
  { name: 'returning: first ID token (sub set where none was)', signIn: { playerId: 'p2', displayName: 'Bo', idToken: { sub: 'sub-2', locale: 'fr' } } },
  { name: 'empty strings are stored as given; an empty original ID names nothing', signIn: { playerId: 'p2', displayName: '', title: '', avatarImageUrl: '', originalPlayerId: '' } },
  { name: 'next-generation ID: known under originalPlayerId', signIn: { playerId: 'n1', originalPlayerId: 'p1', displayName: 'Ada N' } },
  { name: 'next-generation ID: known under alternatePlayerId', signIn: { playerId: 'n1b', alternatePlayerId: 'n1', displayName: 'Ada N2' } },
  { name: 'back under an ID of its history', signIn: { playerId: 'p1', displayName: 'Ada back' } },
  { name: 'a new player naming original and alternate IDs never seen', signIn: { playerId: 'p3', originalPlayerId: 'o3', alternatePlayerId: 'a3', displayName: 'Cy' } },
  { name: 'returning, naming an ID of another player (it stays theirs)', signIn: { playerId: 'p3', originalPlayerId: 'p2', displayName: 'Cy' } },
  { name: 'known by the ID token sub only (IDENTITY_MISMATCH: not moved)', signIn: { playerId: 'n2', displayName: 'Bo N', idToken: { sub: 'sub-2', name: 'Bo' } } },
  { name: 'a sub another player holds (CONFLICT)', signIn: { playerId: 'p3', displayName: 'Cy', idToken: { sub: 'sub-2' } } },
  { name: 'concurrent first sign-ins of one new player', signIn: { playerId: 'p4', displayName: 'Di', idToken: { sub: 'sub-4' } }, concurrent: 6 },
  { name: 'concurrent returning sign-ins', signIn: { playerId: 'p4', displayName: 'Di 2', idToken: { sub: 'sub-4', email: 'di@example.test' } }, concurrent: 6 },
  { name: 'concurrent remapping sign-ins', signIn: { playerId: 'n4', originalPlayerId: 'p4', displayName: 'Di N' }, concurrent: 6 },
];

/** Labels for random IDs, by order of first appearance, so that the two runs compare. */
type Labels = Map<string, string>;

function labelOf(labels: Labels, id: string, kind: string): string {
  if (!labels.has(id)) labels.set(id, `${kind}-${[...labels.values()].filter((l) => l.startsWith(kind)).length}`);
  return labels.get(id)!;
}

/** A player as answered, without what differs between the two applications by construction. */
function answered({ id: _id, applicationId: _app, accountId, ...rest }: Player, labels: Labels): Omit<Player, 'id' | 'applicationId'> {
  return { accountId: labelOf(labels, accountId, 'account'), ...rest };
}

/**
 * Every stored row of the application, each player and account labelled by creation order
 * instead of its random ID: players, their ID history, their accounts and identity links.
 */
async function storedRows(db: Kysely<Database>, applicationId: string, labels: Labels): Promise<unknown> {
  const players = await db.selectFrom('players').selectAll().where('application_id', '=', applicationId).orderBy('created_at').orderBy('player_id').execute();
  const label = new Map(players.map((p, i) => [p.id, `player-${i}`]));
  const history = await db
    .selectFrom('player_id_history')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('player_id')
    .execute();
  const links = await db
    .selectFrom('account_identities as i')
    .innerJoin('players as p', 'p.id', 'i.player_ref')
    .innerJoin('accounts as a', 'a.id', 'i.account_ref')
    .select(['i.provider', 'i.subject', 'i.account_ref', 'i.player_ref', 'i.linked_at', 'a.created_at as account_created_at'])
    .where('p.application_id', '=', applicationId)
    .orderBy('p.created_at')
    .orderBy('p.player_id')
    .execute();
  return {
    players: players.map(({ id, application_id: _app, ...columns }) => ({ ref: label.get(id), ...columns })),
    history: history.map(({ player_ref, application_id: _app, ...columns }) => ({ ref: label.get(player_ref), ...columns })),
    links: links.map(({ subject, account_ref, player_ref, ...columns }) => ({
      ...columns,
      subject: label.get(subject),
      account: labelOf(labels, account_ref, 'account'),
      player: player_ref !== null ? label.get(player_ref) : null,
    })),
  };
}

describe.skipIf(target === undefined)('PostgreSQL sign-in: the one-statement path and the transaction store the same rows', () => {
  let store: Store;
  let db: Kysely<Database>;
  beforeAll(async () => {
    store = await openStore(target!.url, { schema: target!.schema }); // migrates
    db = (await openDatabase(target!.url, { schema: target!.schema })).db;
  });
  afterAll(async () => {
    await db?.destroy();
    await store?.close();
    await target?.drop();
  });

  async function run(repository: PlayerRepository, applicationId: string): Promise<unknown[]> {
    const seen: unknown[] = [];
    const labels: Labels = new Map();
    let now = 1_750_000_000_000;
    for (const step of STEPS) {
      now += 1000;
      const input: PlayerSignIn = { ...step.signIn, applicationId, now };
      let answer: unknown;
      try {
        if (step.concurrent === undefined) {
          const { player, created } = await repository.upsertOnSignIn(input);
          answer = { created, player: answered(player, labels) };
        } else {
          const results = await Promise.all(Array.from({ length: step.concurrent }, () => repository.upsertOnSignIn(input)));
          answer = {
            created: results.filter((r) => r.created).length,
            players: new Set(results.map((r) => r.player.id)).size,
            answers: [...new Set(results.map((r) => JSON.stringify(answered(r.player, labels))))],
          };
        }
      } catch (error) {
        answer = { error: (error as { code?: unknown }).code };
      }
      seen.push({ step: step.name, answer, stored: await storedRows(db, applicationId, labels) });
    }
    return seen;
  }

  it('answers and stores alike, step by step', async () => {
    const ctx = { db, dialect: 'postgres' as const, now: () => 0 };
    const oneStatement = await run(new PlayerRepository(ctx), 'app-one-statement');
    const transactional = await run(new PlayerRepository(ctx, { oneStatementSignIn: false }), 'app-transaction');
    for (const [i, step] of oneStatement.entries()) expect(step, STEPS[i]!.name).toEqual(transactional[i]);
    // The sequence means something: it created players, remapped one, and hit the conflict;
    // every player has an account of their own.
    expect(JSON.stringify(oneStatement)).toContain('"created":true');
    expect(JSON.stringify(oneStatement.at(-1))).toContain('"account":"account-3"');
    expect(JSON.stringify(oneStatement)).toContain('"error":"CONFLICT"');
  });
});
