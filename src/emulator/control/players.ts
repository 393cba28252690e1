/**
 * Control API players (src/emulator/README.md, 'Control API'):
 * - `POST /emulator/v1/players` creates one (201);
 * - `GET /emulator/v1/players` lists them;
 * - `GET /emulator/v1/players/{playerId}` is the ground truth (achievements and grants);
 * - `POST /emulator/v1/players/{playerId}:revokeGrants`: the player removed the game's access;
 * - `POST /emulator/v1/players/{playerId}:changeId` `{ newPlayerId? }`: a new player ID; the old
 *   one becomes `originalPlayerId` / `alternate_player_id`.
 * An earlier player ID still finds the player.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ControlApiError } from '../errors.js';
import type { EmulatorState, PlayerRecord } from '../state.js';
import { controlPlayer, groundTruth } from './views.js';
import { routeConfig } from '../request-context.js';

const PlayerIdPattern = '^[A-Za-z0-9_\\-]{1,64}$';
const OptionalText = Type.Optional(Type.String({ minLength: 1, maxLength: 500 }));

const CreatePlayerBody = Type.Object({
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 })),
  tester: Type.Optional(Type.Boolean()),
  developer: Type.Optional(Type.Boolean()),
  profileVisible: Type.Optional(Type.Boolean()),
  playerId: Type.Optional(Type.String({ pattern: PlayerIdPattern })),
  gamePlayerId: OptionalText,
  googleSub: Type.Optional(Type.String({ pattern: '^[0-9]{1,30}$' })),
  avatarImageUrl: OptionalText,
  locale: OptionalText,
  givenName: OptionalText,
  familyName: OptionalText,
}, { additionalProperties: false });

function requirePlayer(state: EmulatorState, playerId: string): PlayerRecord {
  const player = state.findPlayer(playerId);
  if (!player) throw new ControlApiError(404, `No player with ID ${playerId}.`);
  return player;
}

/** Registers the player calls. */
export function registerControlPlayersRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/players', { schema: { body: CreatePlayerBody }, config: routeConfig('control.players.create') }, (request, reply) => {
    const player = state.createPlayer(request.body as Static<typeof CreatePlayerBody>);
    return reply.code(201).send(controlPlayer(state, player));
  });

  app.get('/emulator/v1/players', { config: routeConfig('control.players.list') }, (_request, reply) =>
    reply.send({ players: [...state.players.values()].map((player) => controlPlayer(state, player)) }),
  );

  app.get('/emulator/v1/players/:playerId', { config: routeConfig('control.players.get') }, (request, reply) => {
    const { playerId } = request.params as { playerId: string };
    return reply.send(groundTruth(state, requirePlayer(state, playerId)));
  });

  // One route for every `{playerId}:verb`: a path parameter cannot be followed by a literal colon.
  app.post('/emulator/v1/players/:playerAction', { config: routeConfig('control.players.action') }, (request, reply) => {
    const { playerAction } = request.params as { playerAction: string };
    const colon = playerAction.lastIndexOf(':');
    const playerId = colon === -1 ? playerAction : playerAction.slice(0, colon);
    const verb = colon === -1 ? '' : playerAction.slice(colon + 1);
    if (verb === 'revokeGrants') {
      const player = requirePlayer(state, playerId);
      const revokedGrants = state.revokePlayerGrants(player);
      return reply.send({ playerId: player.playerId, revokedGrants });
    }
    if (verb === 'changeId') {
      const player = requirePlayer(state, playerId);
      const body: unknown = request.body ?? {};
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlApiError(400, 'The request body must be a JSON object.');
      const unknown = Object.keys(body).find((field) => field !== 'newPlayerId');
      if (unknown !== undefined) throw new ControlApiError(400, `The field ${unknown} is not a known field.`);
      const { newPlayerId } = body as { newPlayerId?: unknown };
      if (newPlayerId !== undefined && (typeof newPlayerId !== 'string' || !new RegExp(PlayerIdPattern).test(newPlayerId))) {
        throw new ControlApiError(400, 'The field newPlayerId must be 1 to 64 letters, digits, "_" or "-".');
      }
      state.changePlayerId(player, newPlayerId);
      return reply.send(controlPlayer(state, player));
    }
    throw new ControlApiError(404, `No control API call POST /emulator/v1/players/{playerId}:${verb}; use :revokeGrants or :changeId.`);
  });
}
