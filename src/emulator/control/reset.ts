/**
 * `POST /emulator/v1/reset` → 204: back to the seeded state (players, progress, codes, tokens,
 * grants, faults, clock offset, request log). Signing keys are kept.
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

/** Registers reset. */
export function registerControlResetRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/reset', { config: routeConfig('control.reset') }, (_request, reply) => {
    state.reset();
    return reply.code(204).send();
  });
}
