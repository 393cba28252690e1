/**
 * Injected faults (src/emulator/README.md, 'Control API') as Google's own clients live them: what
 * googleapis and google-auth-library retry on their own, what they hand back, and why a write needs
 * a requestId.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievements, expectGoogleError, expectOAuthError, oauthClient, signIn, startEmulator } from './harness.js';
import type { DemoAchievements, Emulator } from './harness.js';

let emulator: Emulator;
let seed: DemoAchievements;
beforeAll(async () => {
  emulator = await startEmulator();
  seed = demoAchievements(emulator.apps[0]!);
});
afterEach(async () => {
  await emulator.control.clearFaults();
});
afterAll(async () => {
  await emulator.close();
});

/** Request-log entries of one operation since the log was last cleared. */
async function logged(operation: string): Promise<Array<{ status: number; fault?: string; dropped?: boolean }>> {
  return (await emulator.control.requests()).filter((r) => r.operation === operation);
}

const incrementPath = () => `/games/v1/achievements/${seed.incremental.id}/increment`;

describe('what the clients retry on their own', () => {
  it('googleapis retries a GET that met a 503, and the caller sees only the success', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await emulator.control.addFault({ path: '/games/v1/players/', method: 'GET', status: 503, times: 1 });
    await emulator.control.clearRequests();

    const { data } = await games.players.get({ playerId: 'me' });

    expect(data.playerId).toBe(player.playerId);
    expect((await logged('games.players.get')).map((r) => r.status)).toEqual([503, 200]);
  });

  it('googleapis does not retry a POST: a write that met a 503 is the caller’s to retry', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await emulator.control.addFault({ path: incrementPath(), method: 'POST', status: 503, times: 1 });

    await expectGoogleError(
      games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1, requestId: '501' }),
      503,
      'backendError',
      'UNAVAILABLE',
    );
    // The fault answered before the write: nothing was applied.
    const truth = await emulator.control.player(player.playerId);
    const progress = truth.achievements[emulator.apps[0]!.applicationId]?.find((a) => a.id === seed.incremental.id);
    expect(progress?.currentSteps ?? 0).toBe(0);
  });

  it('answers 429 rateLimitExceeded in Google’s envelope', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await emulator.control.addFault({ path: `/games/v1/achievements/${seed.standard[0].id}/unlock`, status: 429, reason: 'rateLimitExceeded', times: 1 });
    const error = await expectGoogleError(games.achievements.unlock({ achievementId: seed.standard[0].id }), 429, 'rateLimitExceeded');
    expect(error.response?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('a write applied, then its answer lost (after: true)', () => {
  it('counts an increment retried with the same requestId once', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await emulator.control.addFault({ path: incrementPath(), method: 'POST', status: 503, after: true, times: 1 });

    await expectGoogleError(
      games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2, requestId: '777000111' }),
      503,
      'backendError',
      'UNAVAILABLE',
    );
    const retry = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2, requestId: '777000111' });

    expect(retry.data).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 2, newlyUnlocked: false });
    const truth = await emulator.control.player(player.playerId);
    expect(truth.achievements[emulator.apps[0]!.applicationId]!.find((a) => a.id === seed.incremental.id)).toEqual(
      expect.objectContaining({ currentSteps: 2 }),
    );
  });

  it('counts an increment retried without a requestId twice: why the backend always sends one', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await emulator.control.addFault({ path: incrementPath(), method: 'POST', status: 503, after: true, times: 1 });

    await expectGoogleError(games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2 }), 503, 'backendError', 'UNAVAILABLE');
    const retry = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2 });

    expect(retry.data.currentSteps).toBe(4);
  });

  it('survives a dropped connection the same way: the requestId retry adds nothing', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    await emulator.control.addFault({ path: incrementPath(), method: 'POST', dropConnection: true, after: true, times: 1 });
    await emulator.control.clearRequests();

    await expect(games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 3, requestId: '9001' })).rejects.toThrow();
    const retry = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 3, requestId: '9001' });

    expect(retry.data.currentSteps).toBe(3);
    const entries = await logged('games.achievements.increment');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual(expect.objectContaining({ dropped: true }));
  });

  it('spends a server auth code whose token answer was lost: the client’s own retry gets invalid_grant', async () => {
    // google-auth-library retries POST /token when no answer came (gaxios noResponseRetries), but
    // the first attempt already redeemed the single-use code. This is Google's behaviour too, and
    // it is why a game client must be able to ask the device for a fresh code.
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: emulator.apps[0]!.webClientId });
    await emulator.control.addFault({ path: '/token', method: 'POST', dropConnection: true, after: true, times: 1 });
    await emulator.control.clearRequests();

    await expectOAuthError(oauthClient(emulator, emulator.apps[0]!).getToken(serverAuthCode), 400, 'invalid_grant');

    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toHaveLength(1); // the lost answer did create a grant
  });
});
