/**
 * `POST /emulator/v1/recallSessions` `{ playerId, applicationId? }` → `201 { recallSessionId,
 * expiresInSeconds }`: what the device SDK's `requestRecallAccess()` hands the game
 * (docs/google/recall.md). The ID names the player in one application (default the first, the
 * demo game) and lives an hour on the emulator clock; the game server passes it to Recall.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ControlApiError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import { RECALL_SESSION_LIFETIME_MS, type EmulatorState } from '../state.js';

const CreateRecallSessionBody = Type.Object(
  { playerId: Type.String({ minLength: 1 }), applicationId: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);

/** Registers recall session minting. */
export function registerRecallSessionsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post(
    '/emulator/v1/recallSessions',
    { schema: { body: CreateRecallSessionBody }, config: routeConfig('control.recallSessions.create') },
    (request, reply) => {
      const body = request.body as Static<typeof CreateRecallSessionBody>;
      const player = state.findPlayer(body.playerId);
      if (!player) throw new ControlApiError(404, `No player with ID ${body.playerId}.`);
      const application = body.applicationId === undefined ? state.applications[0] : state.applicationsById.get(body.applicationId);
      if (!application) {
        throw new ControlApiError(400, `applicationId ${body.applicationId ?? ''} is not a seeded application. GET /emulator/v1/applications lists them.`);
      }
      const recallSessionId = state.createRecallSession(player, application);
      return reply.code(201).send({ recallSessionId, expiresInSeconds: RECALL_SESSION_LIFETIME_MS / 1000 });
    },
  );
}
