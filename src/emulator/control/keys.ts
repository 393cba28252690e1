/**
 * `POST /emulator/v1/keys:rotate` → `{ kid }`: a new signing key signs every ID token from now
 * on; the previous key stays published at both certs URLs until the next rotation.
 * `GET /emulator/v1/keys` → `{ signingKid, publishedKids }`.
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

/** Registers the key calls. */
export function registerControlKeysRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/keys::rotate', { config: routeConfig('control.keys.rotate') }, async (_request, reply) => {
    const key = await state.keys.rotate();
    return reply.send({ kid: key.kid });
  });

  app.get('/emulator/v1/keys', { config: routeConfig('control.keys.list') }, (_request, reply) =>
    reply.send({ signingKid: state.keys.current.kid, publishedKids: state.keys.published.map((key) => key.kid) }),
  );
}
