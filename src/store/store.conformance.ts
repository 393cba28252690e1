/**
 * The store conformance suite: every operation of `Store`, its races and its crash recovery, run
 * the same on every database. `sqlite.test.ts` and `postgres.test.ts` call
 * `describeStoreConformance` with their target; a test that cannot run on a target (two instances
 * on `sqlite::memory:`) is skipped by name, visibly.
 */
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { describeAccounts } from './conformance/accounts.js';
import { describeEventOutbox } from './conformance/event-outbox.js';
import { describeGrants } from './conformance/grants.js';
import { Harness, type StoreTestTarget } from './conformance/harness.js';
import { describeMigrations } from './conformance/migrations.js';
import { describeOutbox } from './conformance/outbox.js';
import { describePlayers } from './conformance/players.js';
import { describeScoreWrites } from './conformance/score-writes.js';
import { describeSessions } from './conformance/sessions.js';

export type { StoreTestTarget } from './conformance/harness.js';

/** Registers the whole conformance suite for one database. */
export function describeStoreConformance(target: StoreTestTarget): void {
  describe(`store conformance: ${target.name}`, () => {
    const h = new Harness(target);
    beforeAll(() => h.setup());
    afterEach(() => h.afterEach());
    afterAll(() => h.teardown());

    describePlayers(h);
    describeAccounts(h);
    describeGrants(h);
    describeSessions(h);
    describeOutbox(h);
    describeScoreWrites(h);
    describeEventOutbox(h);
    describeMigrations(h);
  });
}
