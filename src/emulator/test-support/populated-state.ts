/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
   Test helper over loosely typed JSON bodies: the same exemption eslint.config.js gives *.test.ts. */
/**
 * Test helpers for the saved state (`persistence/`): a state with something of every kind in it,
 * made through the public HTTP surface, and a comparison of two states as object graphs, so that
 * a field the codec forgets fails a test. Not part of the build.
 */
import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { EmulatorClock } from '../clock.js';
import { KeyRing } from '../keys.js';
import { STATE_FIELDS } from '../persistence/state-fields.js';
import type { EmulatorState } from '../state.js';
import { ACH, DEMO_APP, DEVELOPER, EV, LB, REGULAR, TESTER, api, call, mintCode, postForm, signIn } from './harness.js';

/** What `populate` leaves for a test to use: live tokens of the regular player, and of the demo game's service account. */
export interface PopulatedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  serviceAccountToken: string;
  /** A Recall session of the regular player, whose link holds the token `populated-token`. */
  recallSessionId: string;
}

/** A service-account token of the demo game through the JWT-bearer grant, as a game server gets one. */
export async function serviceAccountToken(app: FastifyInstance): Promise<string> {
  const key = (await call(app, 'GET', '/emulator/v1/applications')).body.applications[0].serviceAccountKey;
  const iat = Math.floor(Date.now() / 1000);
  const claims = { iss: key.client_email, scope: 'https://www.googleapis.com/auth/androidpublisher', aud: key.token_uri, iat, exp: iat + 3600 };
  const input = `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const assertion = `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(key.private_key as string)).toString('base64url')}`;
  const reply = await postForm(app, '/token', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
  if (reply.status !== 200) throw new Error(`populate: ${reply.status} ${reply.raw}`);
  return reply.body.access_token as string;
}

/**
 * Fills an emulator with one of everything: a new player with a changed ID and a friend, grants
 * (one revoked), access, refresh and ID tokens, an unused code, achievement progress and an
 * increment's requestId, scores, a hidden player, event counts and an `events.record` requestId,
 * stats, a saved game, a played call, a service-account token, Recall sessions and links (one
 * expiring), Configuration API changes (a new achievement and board, an edit, a deletion), a Play
 * Grouping token, a moved clock and a rotated key.
 */
export async function populate(app: FastifyInstance): Promise<PopulatedTokens> {
  const ok = (reply: { status: number; raw: string }, status = 200) => {
    if (reply.status !== status) throw new Error(`populate: ${reply.status} ${reply.raw}`);
  };
  ok(await call(app, 'POST', '/emulator/v1/keys:rotate'));
  const ada = await call(app, 'POST', '/emulator/v1/players', { displayName: 'Ada Lovelace', tester: true, profileVisible: false });
  ok(ada, 201);
  ok(await call(app, 'POST', `/emulator/v1/players/${ada.body.playerId}:changeId`, {}));
  const adaId = (await call(app, 'GET', '/emulator/v1/players')).body.players.find((player: any) => player.displayName === 'Ada Lovelace').playerId;
  ok(await call(app, 'POST', `/emulator/v1/players/${adaId}/friends`, { playerId: REGULAR.playerId }), 204);

  const regular = await signIn(app, { scopes: ['openid', 'email', 'profile'], forceRefreshToken: true });
  const developer = (await signIn(app, { playerId: DEVELOPER.playerId })).access_token;
  await signIn(app, { playerId: TESTER.playerId, forceRefreshToken: true });
  ok(await call(app, 'POST', `/emulator/v1/players/${TESTER.playerId}:revokeGrants`));
  await mintCode(app, { playerId: adaId, forceRefreshToken: true });

  ok(await api(app, 'POST', `/games/v1/achievements/${ACH.standard.id}/unlock`, regular.access_token));
  ok(await api(app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=3&requestId=42`, regular.access_token));
  ok(await api(app, 'POST', `/games/v1/leaderboards/${LB.high.id}/scores?score=500`, regular.access_token));
  ok(await api(app, 'POST', `/games/v1/leaderboards/${LB.fastest.id}/scores?score=61000`, developer));
  ok(await api(app, 'POST', `/games/v1management/applications/${DEMO_APP.applicationId}/players/hidden/${DEVELOPER.playerId}`, developer), 204);
  const now = Date.now();
  const period = { timePeriod: { periodStartMillis: String(now - 60_000), periodEndMillis: String(now) }, updates: [{ definitionId: EV.dragons.id, updateCount: '3' }] };
  ok(await api(app, 'POST', '/games/v1/events', regular.access_token, { currentTimeMillis: String(now), requestId: '77', timePeriods: [period] }));
  ok(await api(app, 'POST', '/games/v1/applications/played', regular.access_token), 204);
  ok(await call(app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/stats`, { num_sessions: 12, churn_probability: 0.25 }));
  ok(await call(app, 'PUT', `/emulator/v1/players/${REGULAR.playerId}/snapshots/slot-1`, { title: 'Slot 1', progressValue: 40, durationMillis: 60000 }));
  const service = await serviceAccountToken(app);
  const recallSession = await call(app, 'POST', '/emulator/v1/recallSessions', { playerId: REGULAR.playerId });
  ok(recallSession, 201);
  const recallSessionId = recallSession.body.recallSessionId as string;
  ok(await api(app, 'POST', '/games/v1/recall:linkPersona', service, { sessionId: recallSessionId, persona: 'populated-persona', token: 'populated-token' }));
  const adaSession = (await call(app, 'POST', '/emulator/v1/recallSessions', { playerId: adaId })).body.recallSessionId as string;
  ok(await api(app, 'POST', '/games/v1/recall:linkPersona', service, { sessionId: adaSession, persona: 'ada-persona', token: 'ada-token', ttl: '86400s' }));

  // The Configuration API: a new draft achievement (unlocked) and board (scored on), a staged
  // edit of a published board, a deleted draft; a Play Grouping token; a second refresh token.
  const bundle = (value: string) => ({ translations: [{ locale: 'en-US', value }] });
  const configuration = `/games/v1configuration/applications/${DEMO_APP.applicationId}`;
  const achievement = await api(app, 'POST', `${configuration}/achievements`, developer, { achievementType: 'STANDARD', initialState: 'REVEALED', draft: { name: bundle('Saved'), pointValue: 5 } });
  ok(achievement);
  ok(await api(app, 'POST', `/games/v1/achievements/${achievement.body.id}/unlock`, developer));
  ok(await api(app, 'PUT', `/games/v1configuration/leaderboards/${LB.high.id}`, developer, { scoreOrder: 'LARGER_IS_BETTER', draft: { name: bundle('Best') } }));
  const board = await api(app, 'POST', `${configuration}/leaderboards`, developer, { scoreOrder: 'SMALLER_IS_BETTER', draft: { name: bundle('Saved board') } });
  ok(board);
  ok(await api(app, 'POST', `/games/v1/leaderboards/${board.body.id}/scores?score=7`, developer));
  ok(await api(app, 'DELETE', `/games/v1configuration/achievements/${ACH.draftHidden.id}`, developer), 204);
  ok(await api(app, 'POST', `/games/v1/accesstokens/generatePlayGroupingApiToken?packageName=${DEMO_APP.packageName}&persona=p1`, regular.access_token));
  await signIn(app, { forceRefreshToken: true });

  ok(await call(app, 'POST', '/emulator/v1/clock:advance', { seconds: 90 }));
  return { accessToken: regular.access_token, refreshToken: regular.refresh_token!, idToken: regular.id_token!, serviceAccountToken: service, recallSessionId };
}

/** The saved fields of a state (`STATE_FIELDS`), by name. */
function savedFields(state: EmulatorState): Array<[string, unknown]> {
  return Object.entries(STATE_FIELDS)
    .filter(([, owner]) => 'part' in owner)
    .map(([name]) => [name, (state as unknown as Record<string, unknown>)[name]]);
}

/**
 * Expects two states to hold the same graph in every saved field: the same records with the same
 * fields, pointing at each other the same way, Maps and Sets in the same order.
 */
export function expectSameState(actual: EmulatorState, expected: EmulatorState): void {
  const pairs = new Map<object, object>();
  for (const [name, value] of savedFields(expected)) {
    const other = savedFields(actual).find(([candidate]) => candidate === name)?.[1];
    compare(other, value, name, pairs);
  }
}

function compare(actual: unknown, expected: unknown, path: string, pairs: Map<object, object>): void {
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    if (typeof expected === 'function') return;
    expect(actual, path).toStrictEqual(expected);
    return;
  }
  const paired = pairs.get(expected);
  if (paired !== undefined) {
    expect(paired === actual, `${path} points at a different record`).toBe(true);
    return;
  }
  pairs.set(expected, actual);
  if (expected instanceof KeyObject) {
    expect((actual as KeyObject).export({ format: 'jwk' }), path).toEqual(expected.export({ format: 'jwk' }));
  } else if (expected instanceof KeyRing) {
    expect((actual as KeyRing).exportKeys(), path).toEqual(expected.exportKeys());
  } else if (expected instanceof EmulatorClock) {
    expect((actual as EmulatorClock).offsetMs, path).toBe(expected.offsetMs);
  } else if (expected instanceof Map) {
    expect(actual, path).toBeInstanceOf(Map);
    const actualEntries = [...(actual as Map<unknown, unknown>)];
    const expectedEntries = [...expected];
    expect(actualEntries.length, `${path}.size`).toBe(expectedEntries.length);
    expectedEntries.forEach(([key, value], i) => {
      compare(actualEntries[i]![0], key, `${path}<key ${i}>`, pairs);
      compare(actualEntries[i]![1], value, `${path}<${String(typeof key === 'object' ? i : key)}>`, pairs);
    });
  } else if (expected instanceof Set) {
    expect(actual, path).toBeInstanceOf(Set);
    const actualValues = [...(actual as Set<unknown>)];
    const expectedValues = [...expected];
    expect(actualValues.length, `${path}.size`).toBe(expectedValues.length);
    expectedValues.forEach((value, i) => compare(actualValues[i], value, `${path}[${i}]`, pairs));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((value, i) => compare((actual as unknown[])[i], value, `${path}[${i}]`, pairs));
  } else {
    // Own fields, an undefined one included: a field the codec drops is missing from `actual`.
    expect(Object.keys(actual).sort(), `${path} fields`).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) compare((actual as Record<string, unknown>)[key], value, `${path}.${key}`, pairs);
  }
}
