import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createBackend } from '../app.js';
import { createLogger } from '../logger.js';
import { startSessionPruning } from './pruning.js';
import { testConfig, withCredentials } from '../test-support/test-config.js';

const DAY = 86_400_000;
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function storeWithSessions(now: number) {
  const store = await openStore('sqlite::memory:', { clock: () => now });
  stores.push(store);
  const { player } = await store.upsertPlayerOnSignIn({ applicationId: '123456789012', playerId: 'g1', displayName: 'Ada', now });
  const live = await store.createSessionFamily(player.id, 'live-hash', now + DAY);
  const expired = await store.createSessionFamily(player.id, 'expired-hash', now - 1);
  const loggedOut = await store.createSessionFamily(player.id, 'logged-out-hash', now + DAY);
  await store.revokeSessionFamily(loggedOut.id, 'logout');
  return { store, live, expired, loggedOut };
}

describe('session pruning', () => {
  it('deletes expired tokens and dead families at start, and keeps live sessions', async () => {
    const now = Date.now();
    const { store, live, expired, loggedOut } = await storeWithSessions(now);
    const pruning = startSessionPruning({ store, now: () => now + 1, logger: createLogger('silent') });
    await pruning.stop();
    expect(await store.findSessionFamily(expired.id)).toBeUndefined();
    expect(await store.findSessionFamily(loggedOut.id)).toBeUndefined();
    expect(await store.findSessionFamily(live.id)).toMatchObject({ revokedAt: null });
    expect(await store.rotateRefreshToken('live-hash', 'next-hash', now + DAY, now + 1)).toMatchObject({ outcome: 'rotated' });
  });

  it('keeps going when a pass fails', async () => {
    let calls = 0;
    const pruning = startSessionPruning({
      store: {
        pruneSessions: () => {
          calls += 1;
          return Promise.reject(new Error('database away'));
        },
      },
      now: Date.now,
      logger: createLogger('silent'),
      intervalMs: 5,
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await pruning.stop();
    expect(calls).toBeGreaterThan(1);
  });

  // Regression: Store.pruneSessions existed but nothing called it, so every session refresh left
  // a refresh-token row behind for good.
  it('runs when the backend starts', async () => {
    const now = Date.now();
    const { store, expired } = await storeWithSessions(now);
    const backend = await createBackend({ config: withCredentials(testConfig()), store, now: () => now + 1 });
    backend.start();
    await backend.close();
    expect(await store.findSessionFamily(expired.id)).toBeUndefined();
  });
});
