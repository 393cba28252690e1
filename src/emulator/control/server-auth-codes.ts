/**
 * `POST /emulator/v1/serverAuthCodes`: what the device SDK's `requestServerSideAccess(clientId,
 * forceRefreshToken, scopes)` hands the game (docs/google/oauth.md, 'Server auth code flow'). The
 * code is single-use, lives 10 minutes on the emulator clock and is bound to the web client named
 * here. The grant always carries `games_lite` and `drive.appdata`; `email`, `profile` and `openid`
 * are the optional scopes a player may consent to. `grantedScopes` lists the full scope URLs.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { OPTIONAL_SCOPES, type OptionalScope } from '../../google/wire/scopes.js';
import { ControlApiError } from '../errors.js';
import { AUTH_CODE_LIFETIME_MS, grantedScopeUrls, type EmulatorState } from '../state.js';
import { routeConfig } from '../request-context.js';

const CreateCodeBody = Type.Object({
  playerId: Type.String({ minLength: 1 }),
  clientId: Type.String({ minLength: 1 }),
  scopes: Type.Optional(Type.Array(Type.String())),
  forceRefreshToken: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/** Registers server auth code minting. */
export function registerServerAuthCodesRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/emulator/v1/serverAuthCodes', { schema: { body: CreateCodeBody }, config: routeConfig('control.serverAuthCodes.create') }, (request, reply) => {
    const body = request.body as Static<typeof CreateCodeBody>;
    const player = state.findPlayer(body.playerId);
    if (!player) throw new ControlApiError(404, `No player with ID ${body.playerId}.`);
    const client = state.clients.get(body.clientId);
    if (!client) throw new ControlApiError(400, `clientId ${body.clientId} is not a client of any application. GET /emulator/v1/applications lists them.`);
    if (client.kind !== 'web') {
      throw new ControlApiError(400, `clientId ${body.clientId} is an Android client; server auth codes are requested for the game server's web client.`);
    }
    const requested = body.scopes ?? [];
    const unknown = requested.filter((scope) => !(OPTIONAL_SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0) {
      throw new ControlApiError(400, `Unsupported scopes ${unknown.join(', ')}: a game may only request ${OPTIONAL_SCOPES.join(', ')} (games_lite and drive.appdata are always granted).`);
    }
    const scopes = grantedScopeUrls(requested as OptionalScope[]);
    const serverAuthCode = state.issueCode(player, client, scopes, body.forceRefreshToken ?? false);
    return reply.code(201).send({ serverAuthCode, grantedScopes: scopes, expiresInSeconds: AUTH_CODE_LIFETIME_MS / 1000 });
  });
}
