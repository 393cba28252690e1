/**
 * Control API faults (src/emulator/README.md, 'Control API'): `POST /emulator/v1/faults` registers
 * one (201 `{ id }`), `GET` lists them with their hit counts, `DELETE` clears all (204),
 * `DELETE …/{id}` one. Semantics live in `../faults.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ControlApiError } from '../errors.js';
import type { EmulatorState } from '../state.js';
import { controlFault } from './views.js';
import { routeConfig } from '../request-context.js';

const CreateFaultBody = Type.Object({
  path: Type.String({ minLength: 1, pattern: '^/' }),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$' })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  message: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  dropConnection: Type.Optional(Type.Boolean()),
  after: Type.Optional(Type.Boolean()),
  times: Type.Optional(Type.Integer({ minimum: 1 })),
  probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
}, { additionalProperties: false });

/** Registers the fault calls. */
export function registerControlFaultsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/faults', { schema: { body: CreateFaultBody }, config: routeConfig('control.faults.create') }, (request, reply) => {
    const body = request.body as Static<typeof CreateFaultBody>;
    if (body.path.startsWith('/emulator/')) throw new ControlApiError(400, 'The control API (/emulator/…) is never subject to faults.');
    if (body.status === undefined && !body.dropConnection && !body.delayMs) {
      throw new ControlApiError(400, 'A fault needs at least one of status, delayMs or dropConnection.');
    }
    const fault = state.faults.add(body);
    return reply.code(201).send({ id: fault.id });
  });

  app.get('/emulator/v1/faults', { config: routeConfig('control.faults.list') }, (_request, reply) =>
    reply.send({ faults: state.faults.list().map(controlFault) }),
  );

  app.delete('/emulator/v1/faults', { config: routeConfig('control.faults.clear') }, (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });

  app.delete('/emulator/v1/faults/:faultId', { config: routeConfig('control.faults.delete') }, (request, reply) => {
    const { faultId } = request.params as { faultId: string };
    if (!state.faults.remove(faultId)) throw new ControlApiError(404, `No fault with ID ${faultId}.`);
    return reply.code(204).send();
  });
}
