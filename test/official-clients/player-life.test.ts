/**
 * The whole life of a player, in the order a game server lives it, through Google's own clients
 * only: mint a code, getToken, verifyIdToken, players.get, applications.verify, list
 * definitions, write, list achievements, reset, refresh after expiry, revoke, and the 401 after.
 * The other files of this folder take each step apart; this one checks that they chain.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoAchievements, expectGoogleError, expectOAuthError, gamesClient, managementClient, oauthClient, startEmulator } from './harness.js';
import type { Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

it('lives a player’s whole life through the official clients', async () => {
  const app = emulator.apps[0]!;
  const seed = demoAchievements(app);
  const player = await emulator.control.createPlayer({ displayName: 'Whole Life', email: 'whole.life@example.com', tester: true });

  // The device: requestServerSideAccess(webClientId, forceRefreshToken = true, [EMAIL, PROFILE, OPEN_ID]).
  const { serverAuthCode } = await emulator.control.mintServerAuthCode({
    playerId: player.playerId,
    clientId: app.webClientId,
    scopes: ['openid', 'email', 'profile'],
    forceRefreshToken: true,
  });

  // The game server: exchange, verify, identify.
  const auth = oauthClient(emulator, app);
  const { tokens } = await auth.getToken(serverAuthCode);
  auth.setCredentials(tokens);
  const claims = (await auth.verifyIdToken({ idToken: tokens.id_token!, audience: app.webClientId })).getPayload()!;
  expect(claims).toEqual(expect.objectContaining({ aud: app.webClientId, email: 'whole.life@example.com', email_verified: true }));

  const games = gamesClient(emulator, auth);
  const management = managementClient(emulator, auth);
  expect((await games.players.get({ playerId: 'me' })).data).toEqual(
    expect.objectContaining({ kind: 'games#player', playerId: player.playerId, displayName: 'Whole Life' }),
  );
  expect((await games.applications.verify({ applicationId: app.applicationId })).data.player_id).toBe(player.playerId);
  const definitions = (await games.achievementDefinitions.list({ maxResults: 200 })).data.items!;
  expect(definitions.map((d) => d.id)).toEqual(seed.all.map((a) => a.id)); // a tester sees drafts

  // Play.
  expect((await games.achievements.reveal({ achievementId: seed.hidden.id })).data.currentState).toBe('REVEALED');
  expect((await games.achievements.unlock({ achievementId: seed.standard[0].id })).data.newlyUnlocked).toBe(true);
  expect((await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1, requestId: '1' })).data.currentSteps).toBe(1);
  expect((await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 1, requestId: '1' })).data.currentSteps).toBe(1);
  expect((await games.achievements.setStepsAtLeast({ achievementId: seed.incremental.id, steps: 3 })).data.currentSteps).toBe(3);
  const batch = await games.achievements.updateMultiple({
    requestBody: { updates: [{ achievementId: seed.standard[1].id, updateType: 'UNLOCK' }] },
  });
  expect(batch.data.updatedAchievements![0]).toEqual(expect.objectContaining({ newlyUnlocked: true, updateOccurred: true }));

  const unlocked = (await games.achievements.list({ playerId: 'me', state: 'UNLOCKED' })).data.items!.map((i) => i.id).sort();
  expect(unlocked).toEqual([seed.standard[0].id, seed.standard[1].id].sort());
  const truth = await emulator.control.player(player.playerId);
  const state = new Map(truth.achievements[app.applicationId]!.map((a) => [a.id, a]));
  expect(state.get(seed.incremental.id)).toEqual(expect.objectContaining({ achievementState: 'REVEALED', currentSteps: 3 }));
  expect(state.get(seed.hidden.id)).toEqual(expect.objectContaining({ achievementState: 'REVEALED' }));

  // Test account housekeeping.
  expect((await management.achievements.reset({ achievementId: seed.standard[1].id })).data.updateOccurred).toBe(true);
  expect((await management.achievements.resetAll()).data.results!.some((r) => r.updateOccurred)).toBe(true);
  expect((await games.achievements.list({ playerId: 'me', state: 'UNLOCKED' })).data.items ?? []).toEqual([]);

  // An hour later: the access token has expired on Google's clock; the refresh token carries on.
  await emulator.control.advanceClock(3600);
  await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
  await auth.refreshAccessToken();
  expect((await games.players.get({ playerId: 'me' })).data.playerId).toBe(player.playerId);

  // The player removes the game's access from their Google account: everything stops.
  expect((await auth.revokeToken(auth.credentials.refresh_token!)).status).toBe(200);
  await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
  await expectOAuthError(auth.refreshAccessToken(), 400, 'invalid_grant');
  const after = await emulator.control.player(player.playerId);
  expect(after.grants).toEqual([expect.objectContaining({ clientId: app.webClientId, active: false, hasRefreshToken: true })]);

  // None of the secrets of that life is in the emulator's request log.
  const log = JSON.stringify(await emulator.control.requests());
  for (const secret of [serverAuthCode, tokens.access_token!, tokens.refresh_token!, tokens.id_token!, app.webClientSecret]) {
    expect(log.includes(secret)).toBe(false);
  }
});
