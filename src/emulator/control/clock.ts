/**
 * `POST /emulator/v1/clock:advance` `{ seconds }` → `{ now, offsetSeconds, nextDailyReset,
 * nextWeeklyReset }` (ISO 8601), and `GET /emulator/v1/clock`: the next resets are when the
 * DAILY and WEEKLY leaderboard periods next start on the emulator clock (`leaderboard-logic.ts`). The emulator clock governs code, access-token and refresh-token expiry;
 * it only moves forward.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';
import { nextPeriodStart } from '../leaderboard-logic.js';

const AdvanceBody = Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 100 * 365 * 24 * 3600 }) }, { additionalProperties: false });

function clockView(state: EmulatorState): { now: string; offsetSeconds: number; nextDailyReset: string; nextWeeklyReset: string } {
  const now = state.clock.now();
  return {
    now: new Date(now).toISOString(),
    offsetSeconds: state.clock.offsetMs / 1000,
    nextDailyReset: new Date(nextPeriodStart('DAILY', now)).toISOString(),
    nextWeeklyReset: new Date(nextPeriodStart('WEEKLY', now)).toISOString(),
  };
}

/** Registers the clock calls. */
export function registerControlClockRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/clock::advance', { schema: { body: AdvanceBody }, config: routeConfig('control.clock.advance') }, (request, reply) => {
    state.clock.advance((request.body as { seconds: number }).seconds);
    return reply.send(clockView(state));
  });

  app.get('/emulator/v1/clock', { config: routeConfig('control.clock.get') }, (_request, reply) => reply.send(clockView(state)));
}
