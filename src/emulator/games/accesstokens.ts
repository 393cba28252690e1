/**
 * Games API `accesstokens` (https://developer.android.com/games/services/web/api/rest/v1/accesstokens/generatePlayGroupingApiToken
 * and …/generateRecallPlayGroupingApiToken): Play Grouping API tokens, opaque values bound to a
 * game's package, a developer-chosen `persona` and a player. Google says nothing of what the
 * Play Grouping API does with them, so the emulator mints and records them only (the ground
 * truth lists them, without their values).
 * - `generatePlayGroupingApiToken`: a player's token (`games` or `games_lite`); `packageName`
 *   must be the token's game's Android package (seed `packageName`), else 403 `forbidden`.
 * - `generateRecallPlayGroupingApiToken`: the game's service account's token (`androidpublisher`,
 *   `recall/service-account-auth.ts`) and a Recall session ID standing for the player; a player's
 *   token is a 403 `insufficientPermissions`, an unknown session a 404, another game's a 403.
 * Both take their parameters in the query, all required, and an empty body.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { GeneratePlayGroupingApiTokenResponse, GenerateRecallPlayGroupingApiTokenResponse } from '../../google/wire/accesstokens.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { serviceAccountHook, serviceAccountOf } from '../recall/service-account-auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import { randomSecret } from '../ids.js';
import { routeConfig } from '../request-context.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord } from '../state.js';

/** Prefix of the emulator's Play Grouping API token values. */
export const PLAY_GROUPING_TOKEN_PREFIX = 'pgat.emu-';

const GenerateQuery = Type.Object({ packageName: Type.String({ minLength: 1 }), persona: Type.String({ minLength: 1 }) });
const GenerateRecallQuery = Type.Object({
  packageName: Type.String({ minLength: 1 }),
  persona: Type.String({ minLength: 1 }),
  recallSessionId: Type.String({ minLength: 1 }),
});

function mint(state: EmulatorState, application: ApplicationRecord, player: PlayerRecord, query: { packageName: string; persona: string }, recall: boolean): string {
  const tokenValue = randomSecret(PLAY_GROUPING_TOKEN_PREFIX);
  state.playGroupingTokens.set(tokenValue, { application, player, packageName: query.packageName, persona: query.persona, recall, createdAt: state.clock.now() });
  return tokenValue;
}

/** Registers accesstokens.generatePlayGroupingApiToken and generateRecallPlayGroupingApiToken. */
export function registerAccessTokensRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post(
    '/games/v1/accesstokens/generatePlayGroupingApiToken',
    {
      onRequest: authHook(state, GAMES_SERVICE),
      schema: { querystring: GenerateQuery },
      config: routeConfig('games.accesstokens.generatePlayGroupingApiToken', { response: 'GeneratePlayGroupingApiTokenResponse' }),
    },
    (request, reply) => {
      const { player, application } = authOf(request);
      const query = request.query as { packageName: string; persona: string };
      if (application.config.packageName !== query.packageName) {
        throw forbiddenError(`The package ${query.packageName} is not the application ${application.applicationId} the access token was issued for.`);
      }
      const body: GeneratePlayGroupingApiTokenResponse = { token: { tokenValue: mint(state, application, player, query, false) } };
      return reply.send(body);
    },
  );

  app.post(
    '/games/v1/accesstokens/generateRecallPlayGroupingApiToken',
    {
      onRequest: serviceAccountHook(state),
      schema: { querystring: GenerateRecallQuery },
      config: routeConfig('games.accesstokens.generateRecallPlayGroupingApiToken', { response: 'GenerateRecallPlayGroupingApiTokenResponse' }),
    },
    (request, reply) => {
      const query = request.query as { packageName: string; persona: string; recallSessionId: string };
      const session = state.findRecallSession(query.recallSessionId);
      if (!session) throw notFoundError(`The requested recall session ${query.recallSessionId} was not found.`);
      const caller = serviceAccountOf(request);
      if (session.application !== caller.application) {
        throw forbiddenError(`The recall session ${query.recallSessionId} belongs to another application than the service account's.`);
      }
      if (session.application.config.packageName !== query.packageName) {
        throw forbiddenError(`The package ${query.packageName} is not the application ${session.application.applicationId} of the recall session.`);
      }
      const body: GenerateRecallPlayGroupingApiTokenResponse = { token: { tokenValue: mint(state, session.application, session.player, query, true) } };
      return reply.send(body);
    },
  );
}
