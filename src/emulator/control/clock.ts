/**
 * `POST /emulator/v1/clock:advance` `{ seconds }` → `{ now }` (ISO 8601), and `GET
 * /emulator/v1/clock`. The emulator clock governs code, access-token and refresh-token expiry;
 * it only moves forward.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

const AdvanceBody = Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 100 * 365 * 24 * 3600 }) }, { additionalProperties: false });

function clockView(state: EmulatorState): { now: string; offsetSeconds: number } {
  return { now: new Date(state.clock.now()).toISOString(), offsetSeconds: state.clock.offsetMs / 1000 };
}

/** Registers the clock calls. */
export function registerControlClockRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/clock::advance', { schema: { body: AdvanceBody }, config: routeConfig('control.clock.advance') }, (request, reply) => {
    state.clock.advance((request.body as { seconds: number }).seconds);
    return reply.send(clockView(state));
  });

  app.get('/emulator/v1/clock', { config: routeConfig('control.clock.get') }, (_request, reply) => reply.send(clockView(state)));
}
