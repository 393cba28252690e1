/**
 * `GET /emulator/v1/applications`: the seeded games, their clients (with secrets: the control
 * API is for local tests) and achievement definitions.
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { controlApplication } from './views.js';
import { routeConfig } from '../request-context.js';

/** Registers the applications listing. */
export function registerControlApplicationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/emulator/v1/applications', { config: routeConfig('control.applications.list') }, (_request, reply) =>
    reply.send({ applications: state.applications.map(controlApplication) }),
  );
}
