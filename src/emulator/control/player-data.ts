/**
 * Control API player data that only Google's side produces, so tests must be able to set it:
 * - `PUT /emulator/v1/players/{playerId}/stats` `{ applicationId?, avg_session_length_minutes?, … }`
 *   → 200 the stats: what `stats.get` answers for the player in that game (default the first
 *   application). Every field is Google's `StatsResponse` field, spelled as Google spells it; a
 *   field left out is "not populated", as Google leaves out what it lacks data for. It replaces the
 *   earlier values.
 * - `PUT /emulator/v1/players/{playerId}/snapshots/{uniqueName}` `{ applicationId?, title?,
 *   description?, durationMillis?, progressValue?, lastModifiedMillis?, coverImage? }` → 200 the
 *   saved game's metadata, as the device SDK's commit of a save named `uniqueName` would leave it
 *   (created, or replaced keeping its ID). `lastModifiedMillis` defaults to the emulator clock.
 * Numbers are JSON numbers here (Google's own API keeps int64 strings).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { StatsValues } from '../../google/wire/stats.js';
import { ControlApiError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import { SnapshotFieldsSchema, StatsValuesSchema, UNIQUE_NAME_PATTERN } from '../seed-player-data.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';
import { controlSnapshot, type ControlSnapshot } from './views.js';

const ApplicationId = Type.Optional(Type.String({ minLength: 1 }));

const StatsBody = Type.Object({ applicationId: ApplicationId, ...StatsValuesSchema.properties }, { additionalProperties: false });
const SnapshotBody = Type.Object({ applicationId: ApplicationId, ...SnapshotFieldsSchema }, { additionalProperties: false });
const UNIQUE_NAME = new RegExp(UNIQUE_NAME_PATTERN);

function requirePlayer(state: EmulatorState, playerId: string): PlayerRecord {
  const player = state.findPlayer(playerId);
  if (!player) throw new ControlApiError(404, `No player with ID ${playerId}.`);
  return player;
}

function requireApplication(state: EmulatorState, applicationId: string | undefined): ApplicationRecord {
  if (applicationId === undefined) return state.applications[0]!;
  const application = state.applicationsById.get(applicationId);
  if (!application) throw new ControlApiError(404, `No application with ID ${applicationId}.`);
  return application;
}

/** Registers the stats and saved-games calls. */
export function registerControlPlayerDataRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.put('/emulator/v1/players/:playerId/stats', { schema: { body: StatsBody }, config: routeConfig('control.players.setStats') }, (request, reply) => {
    const player = requirePlayer(state, (request.params as { playerId: string }).playerId);
    const { applicationId, ...values } = request.body as { applicationId?: string } & StatsValues;
    const application = requireApplication(state, applicationId);
    player.stats.set(application.applicationId, { ...values });
    return reply.send({ applicationId: application.applicationId, ...values });
  });

  app.put(
    '/emulator/v1/players/:playerId/snapshots/:uniqueName',
    { schema: { body: SnapshotBody }, config: routeConfig('control.players.putSnapshot') },
    (request, reply) => {
      const { playerId, uniqueName } = request.params as { playerId: string; uniqueName: string };
      const player = requirePlayer(state, playerId);
      if (!UNIQUE_NAME.test(uniqueName)) {
        throw new ControlApiError(400, 'A snapshot uniqueName is 1 to 100 letters, digits, "-", ".", "_" or "~".');
      }
      const { applicationId, ...fields } = request.body as Static<typeof SnapshotBody>;
      const application = requireApplication(state, applicationId);
      const view: ControlSnapshot = controlSnapshot(application, state.putSnapshot(player, application, uniqueName, fields));
      return reply.send(view);
    },
  );
}
