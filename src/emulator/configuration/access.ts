/**
 * Who may call the Configuration API and on which game. Google takes a console (developer)
 * account's or a service account's token with the `androidpublisher` scope
 * (https://developers.google.com/games/services/publishing/api); the emulator's device-style
 * server auth codes never grant that scope, so it also takes a developer account's `games` or
 * `games_lite` token, as its Management API does. Anyone else gets 403 `forbidden`
 * (docs/google/emulator-choices.md, 'Configuration API').
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GAMES_API_SCOPES, SCOPES } from '../../google/wire/scopes.js';
import { authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import type { ApplicationRecord, EmulatorState } from '../state.js';

export const CONFIGURATION_SERVICE = 'gamesconfiguration.googleapis.com';

/** The scopes of which a Configuration API token needs one. */
export const CONFIGURATION_SCOPES: readonly string[] = [SCOPES.androidPublisher, ...GAMES_API_SCOPES];

/** Refuses a caller who is not a developer account (after `authHook`, before the body is read). */
function requireDeveloper(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  done(authOf(request).player.developer ? undefined : forbiddenError('Only developer console accounts can read or change a game’s configuration.'));
}

/** The onRequest hooks of every Configuration API route: the token, then the developer account. */
export function configurationHooks(state: EmulatorState) {
  return [authHook(state, CONFIGURATION_SERVICE, CONFIGURATION_SCOPES), requireDeveloper];
}

/** A seeded game by ID, or Google's 404 (the emulator's developer account owns every seeded game). */
export function applicationNamed(state: EmulatorState, applicationId: string): ApplicationRecord {
  const application = state.applicationsById.get(applicationId);
  if (!application) throw notFoundError(`The requested application with ID ${applicationId} was not found.`);
  return application;
}

/** A new console-style ID (`CgkI…`) that no achievement or leaderboard of any game has. */
export function freshConfigurationId(state: EmulatorState, random: () => string): string {
  let id: string;
  do id = `CgkI${random()}`;
  while (state.findAchievementAnywhere(id) || state.findLeaderboardAnywhere(id));
  return id;
}
