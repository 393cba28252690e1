/**
 * The emulator's whole state as one JSON document (`persistence/state-codec.ts`):
 * - `GET /emulator/v1/state` → 200, the document: players, grants, tokens, codes, achievement
 *   progress, scores, the clock offset and the signing keys;
 * - `PUT /emulator/v1/state` with such a document → 204: the state is replaced by it. A document
 *   that cannot be loaded answers 400 naming the bad field, and changes nothing.
 * The document holds the emulator's own test tokens and keys: it is never logged (the request
 * log leaves control calls out).
 */
import type { FastifyInstance } from 'fastify';
import { ControlApiError } from '../errors.js';
import { encodeState, importState } from '../persistence/state-codec.js';
import { StateImportError } from '../persistence/state-part.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState } from '../state.js';

/** A state with many players is larger than Fastify's default 1 MiB body limit. */
const STATE_BODY_LIMIT_BYTES = 256 * 1024 * 1024;

/** Registers export and import. */
export function registerControlStateRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/emulator/v1/state', { config: routeConfig('control.state.export') }, (_request, reply) => reply.send(encodeState(state)));

  app.put('/emulator/v1/state', { bodyLimit: STATE_BODY_LIMIT_BYTES, config: routeConfig('control.state.import') }, (request, reply) => {
    try {
      importState(state, request.body);
    } catch (error) {
      if (error instanceof StateImportError) throw new ControlApiError(400, `The state was not imported: ${error.message}.`);
      throw error;
    }
    return reply.code(204).send();
  });
}
