/**
 * Every migration, in order. Add a file `NNNN-what.ts` exporting a `StoreMigration` and list it
 * here; never edit or remove one that has shipped (a database that applied it would refuse to run
 * code that no longer knows it).
 */
import { migration0001Initial } from './0001-initial.js';
import { migration0002OpenWritesIndex } from './0002-open-writes-index.js';
import { migration0003EnqueueClaimFunction } from './0003-enqueue-claim-function.js';
import { migration0004GoogleSubIndex } from './0004-google-sub-index.js';
import { migration0005Accounts } from './0005-accounts.js';
import { migration0006ScoreWrites } from './0006-score-writes.js';
import { migration0007EventWrites } from './0007-event-writes.js';
import type { StoreMigration } from './migration.js';

/** The store's migrations, oldest first. */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  migration0001Initial,
  migration0002OpenWritesIndex,
  migration0003EnqueueClaimFunction,
  migration0004GoogleSubIndex,
  migration0005Accounts,
  migration0006ScoreWrites,
  migration0007EventWrites,
];
