/**
 * Games API `stats.get` (`GET games/v1/stats`; discovery games-v1.json): Play's figures about the
 * caller in the token's game. Google leaves out every field it lacks data for; the emulator knows
 * only what the control API set (`PUT /emulator/v1/players/{id}/stats`), so an unset player gets
 * `{ kind }` alone.
 */
import type { FastifyInstance } from 'fastify';
import type { StatsResponse } from '../../google/wire/stats.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState } from '../state.js';

/** Registers stats.get. */
export function registerStatsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(
    '/games/v1/stats',
    { onRequest: authHook(state, GAMES_SERVICE), config: routeConfig('games.stats.get', { response: 'StatsResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const body: StatsResponse = { kind: 'games#statsResponse', ...player.stats.get(application.applicationId) };
      return reply.send(body);
    },
  );
}
