/**
 * Games API `revisions.check` (`GET games/v1/revisions/check?clientRevision=PLATFORM:VERSION`;
 * discovery games-v1.json): whether a client revision is supported. The emulator supports every
 * version of the three platforms Google names (`ANDROID`, `IOS`, `WEB_APP`): `OK`, API version
 * `v1`. Another platform is `INVALID`; a value that is not `PLATFORM:VERSION` is a 400.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CLIENT_PLATFORMS, type ClientPlatform, type RevisionCheckResponse } from '../../google/wire/revisions.js';
import { GAMES_SERVICE, authHook } from '../auth.js';
import { invalidArgumentError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import type { EmulatorState } from '../state.js';

const CheckQuery = Type.Object({ clientRevision: Type.String() });

/** Registers revisions.check. */
export function registerRevisionsRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get(
    '/games/v1/revisions/check',
    { onRequest: authHook(state, GAMES_SERVICE), schema: { querystring: CheckQuery }, config: routeConfig('games.revisions.check', { response: 'RevisionCheckResponse' }) },
    (request, reply) => {
      const { clientRevision } = request.query as { clientRevision: string };
      const match = /^([A-Z_]+):(\S+)$/.exec(clientRevision);
      if (!match) {
        throw invalidArgumentError(`Invalid value at 'client_revision' (TYPE_STRING), ${JSON.stringify(clientRevision)}: expected PLATFORM_TYPE:VERSION_NUMBER`, 'clientRevision');
      }
      const supported = CLIENT_PLATFORMS.includes(match[1] as ClientPlatform);
      const body: RevisionCheckResponse = { kind: 'games#revisionCheckResponse', apiVersion: 'v1', revisionStatus: supported ? 'OK' : 'INVALID' };
      return reply.send(body);
    },
  );
}
