/**
 * `GET /emulator/v1/applications`: the seeded games, their clients (with secrets: the control
 * API is for local tests), achievement definitions, and each game's service-account key file,
 * its `token_uri` the emulator as the request reached it.
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { controlApplication } from './views.js';
import { routeConfig } from '../request-context.js';
import { selfBaseUrl } from '../self-url.js';
import { serviceAccountKeyFile } from '../service-accounts.js';

/** Registers the applications listing. */
export function registerControlApplicationsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/emulator/v1/applications', { config: routeConfig('control.applications.list') }, (request, reply) => {
    const baseUrl = selfBaseUrl(request);
    const applications = state.applications.map((application) => ({
      ...controlApplication(application),
      serviceAccountKey: serviceAccountKeyFile(state.serviceAccountOf(application), baseUrl),
    }));
    return reply.send({ applications });
  });
}
