/**
 * The Recall API (docs/google/recall.md): `recall.linkPersona|unlinkPersona|resetPersona|
 * retrieveTokens|gamesPlayerTokens|lastTokenFromAllDeveloperGames` at Google's paths, called by
 * the game server's service account (`service-account-auth.ts`), never by a player. The rules of
 * links are in `links.ts`.
 *
 * Bodies are read as Google reads proto messages (`games/json-fields.ts`): `persona` or
 * `conflicting_links_resolution_policy` alike. `sessionId` may come in the body or, as Google's
 * own Node sample sends it, in the query (`sessionId` or `session_id`); the body wins.
 * Decisions where Google's docs are silent (docs/google/emulator-choices.md, 'Recall'): an
 * unknown or expired session → 400 `invalid`; a session of another game → 403 `forbidden`;
 * `retrieveTokens` with nothing linked → 404 `notFound` (Google's sample expects it).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  RECALL_CARDINALITY_CONSTRAINTS,
  RECALL_CONFLICT_POLICIES,
  type GamePlayerToken,
  type LinkPersonaResponse,
  type ResetPersonaResponse,
  type RetrieveDeveloperGamesLastPlayerTokenResponse,
  type RetrieveGamesPlayerTokensResponse,
  type RetrievePlayerTokensResponse,
  type UnlinkPersonaResponse,
} from '../../google/wire/recall.js';
import { RECALL_SCOPE } from '../../google/wire/scopes.js';
import { forbiddenError, invalidArgumentError, notFoundError, requiredParameterError } from '../errors.js';
import { checkBodyFields, type MessageSpec } from '../games/json-fields.js';
import { routeConfig } from '../request-context.js';
import type { ApplicationRecord, EmulatorState, RecallSessionRecord, ServiceAccountTokenRecord } from '../state.js';
import { linkPersona, playerLinks, recallToken, resetPersona, unlinkPersona } from './links.js';
import { serviceAccountHook, serviceAccountOf } from './service-account-auth.js';

/** Personas and tokens are at most 256 characters (docs/google/recall.md). */
const MAX_OPAQUE_LENGTH = 256;

const LINK_PERSONA_REQUEST: MessageSpec = {
  sessionId: { alias: 'session_id' },
  persona: { alias: 'persona' },
  token: { alias: 'token' },
  cardinalityConstraint: { alias: 'cardinality_constraint' },
  conflictingLinksResolutionPolicy: { alias: 'conflicting_links_resolution_policy' },
  expireTime: { alias: 'expire_time' },
  ttl: { alias: 'ttl' },
};
const UNLINK_PERSONA_REQUEST: MessageSpec = { sessionId: { alias: 'session_id' }, persona: { alias: 'persona' }, token: { alias: 'token' } };
const RESET_PERSONA_REQUEST: MessageSpec = { persona: { alias: 'persona' } };

const OptionalString = Type.Optional(Type.String());
const LinkPersonaBody = Type.Object({
  sessionId: OptionalString,
  persona: OptionalString,
  token: OptionalString,
  cardinalityConstraint: OptionalString,
  conflictingLinksResolutionPolicy: OptionalString,
  expireTime: OptionalString,
  ttl: OptionalString,
});
const UnlinkPersonaBody = Type.Object({ sessionId: OptionalString, persona: OptionalString, token: OptionalString });
const ResetPersonaBody = Type.Object({ persona: OptionalString });
const SessionQuery = Type.Object({ sessionId: OptionalString });
const SessionParams = Type.Object({ sessionId: Type.String({ minLength: 1 }) });
const GamesPlayerTokensQuery = Type.Object({ applicationIds: Type.Union([Type.Array(Type.String()), Type.String()]) }, { required: ['applicationIds'] });

type LinkBody = Partial<Record<keyof typeof LINK_PERSONA_REQUEST, string>>;

/** The caller's live session: 400 when unknown or expired, 403 when it belongs to another game. */
function requireSession(state: EmulatorState, caller: ServiceAccountTokenRecord, sessionId: string | undefined): RecallSessionRecord {
  if (sessionId === undefined || sessionId === '') throw requiredParameterError('session_id');
  const session = state.findRecallSession(sessionId);
  if (!session) {
    throw invalidArgumentError('The recall session ID is unknown or has expired; ask the device for a new one (requestRecallAccess).', 'session_id');
  }
  if (session.application !== caller.application) {
    throw forbiddenError(`The recall session was not issued for application ${caller.application.applicationId}.`);
  }
  return session;
}

/** A required persona or token: non-empty, at most 256 characters. */
function requireOpaque(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw requiredParameterError(name);
  if (value.length > MAX_OPAQUE_LENGTH) throw invalidArgumentError(`Invalid value at '${name}': must be at most ${MAX_OPAQUE_LENGTH} characters.`, name);
  return value;
}

/** An enum field as proto JSON reads it: one of its names, or absent. */
function enumValue<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidArgumentError(`Invalid value at '${name}' (TYPE_ENUM), ${JSON.stringify(value)}: must be one of ${allowed.join(', ')}`, name);
}

/** When a link expires: `expireTime` (RFC 3339) or `ttl` (`"604800s"`), not both; none: never. */
function expiryOf(state: EmulatorState, body: LinkBody): number | undefined {
  if (body.expireTime !== undefined && body.ttl !== undefined) throw invalidArgumentError('Only one of expire_time and ttl may be set.', 'ttl');
  const now = state.clock.now();
  if (body.ttl !== undefined) {
    const match = /^(\d{1,12})(\.\d{1,9})?s$/.exec(body.ttl);
    if (!match) throw invalidArgumentError(`Invalid value at 'ttl' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(body.ttl)}`, 'ttl');
    const milliseconds = Math.round(Number(`${match[1]}${match[2] ?? ''}`) * 1000);
    if (milliseconds <= 0) throw invalidArgumentError('ttl must be positive.', 'ttl');
    return now + milliseconds;
  }
  if (body.expireTime !== undefined) {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(body.expireTime) ? Date.parse(body.expireTime) : Number.NaN;
    if (Number.isNaN(at)) {
      throw invalidArgumentError(`Invalid value at 'expire_time' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(body.expireTime)}`, 'expire_time');
    }
    if (at <= now) throw invalidArgumentError('expire_time must be in the future.', 'expire_time');
    return at;
  }
  return undefined;
}

/** The player's newest link in a game, as a `GamePlayerToken`. */
function gamePlayerToken(state: EmulatorState, application: ApplicationRecord, session: RecallSessionRecord): (GamePlayerToken & { linkedAt: number }) | undefined {
  const newest = playerLinks(state, application, session.player).at(-1);
  if (!newest) return undefined;
  return { applicationId: application.applicationId, recallToken: recallToken(state, application, newest), linkedAt: newest.linkedAt };
}

/** Registers the Recall methods. */
export function registerRecallRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = serviceAccountHook(state);
  const scopes = [RECALL_SCOPE];

  app.post(
    '/games/v1/recall::linkPersona',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, LINK_PERSONA_REQUEST),
      schema: { querystring: SessionQuery, body: LinkPersonaBody },
      config: routeConfig('games.recall.linkPersona', { request: 'LinkPersonaRequest', response: 'LinkPersonaResponse', scopes }),
    },
    (request, reply) => {
      const caller = serviceAccountOf(request);
      const body = (request.body ?? {}) as LinkBody;
      const session = requireSession(state, caller, body.sessionId ?? (request.query as { sessionId?: string }).sessionId);
      const persona = requireOpaque(body.persona, 'persona');
      const token = requireOpaque(body.token, 'token');
      const constraint = enumValue(body.cardinalityConstraint, RECALL_CARDINALITY_CONSTRAINTS, 'cardinality_constraint');
      const policy = enumValue(body.conflictingLinksResolutionPolicy, RECALL_CONFLICT_POLICIES, 'conflicting_links_resolution_policy') ?? 'KEEP_EXISTING_LINKS';
      const expiresAt = expiryOf(state, body);
      const answer: LinkPersonaResponse = { state: linkPersona(state, session.application, session.player, { persona, token, constraint, policy, expiresAt }) };
      return reply.send(answer);
    },
  );

  app.post(
    '/games/v1/recall::unlinkPersona',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, UNLINK_PERSONA_REQUEST),
      schema: { querystring: SessionQuery, body: UnlinkPersonaBody },
      config: routeConfig('games.recall.unlinkPersona', { request: 'UnlinkPersonaRequest', response: 'UnlinkPersonaResponse', scopes }),
    },
    (request, reply) => {
      const caller = serviceAccountOf(request);
      const body = (request.body ?? {}) as { sessionId?: string; persona?: string; token?: string };
      const session = requireSession(state, caller, body.sessionId ?? (request.query as { sessionId?: string }).sessionId);
      const hasPersona = body.persona !== undefined && body.persona !== '';
      const hasToken = body.token !== undefined && body.token !== '';
      if (hasPersona === hasToken) throw invalidArgumentError('Exactly one of persona and token must be set.', hasPersona ? 'token' : 'persona');
      const by = hasPersona ? { persona: requireOpaque(body.persona, 'persona') } : { token: requireOpaque(body.token, 'token') };
      const answer: UnlinkPersonaResponse = { unlinked: unlinkPersona(state, session.application, session.player, by) };
      return reply.send(answer);
    },
  );

  app.post(
    '/games/v1/recall::resetPersona',
    {
      onRequest,
      preValidation: async (request) => checkBodyFields(request.body, RESET_PERSONA_REQUEST),
      schema: { body: ResetPersonaBody },
      config: routeConfig('games.recall.resetPersona', { request: 'ResetPersonaRequest', response: 'ResetPersonaResponse', scopes }),
    },
    (request, reply) => {
      const caller = serviceAccountOf(request);
      const persona = requireOpaque(((request.body ?? {}) as { persona?: string }).persona, 'persona');
      const answer: ResetPersonaResponse = { unlinked: resetPersona(state, caller.application, persona) };
      return reply.send(answer);
    },
  );

  app.get(
    '/games/v1/recall/tokens/:sessionId',
    { onRequest, schema: { params: SessionParams }, config: routeConfig('games.recall.retrieveTokens', { response: 'RetrievePlayerTokensResponse', scopes }) },
    (request, reply) => {
      const session = requireSession(state, serviceAccountOf(request), (request.params as { sessionId: string }).sessionId);
      const links = playerLinks(state, session.application, session.player);
      if (links.length === 0) throw notFoundError('No Recall tokens are linked to the player of this session.');
      const answer: RetrievePlayerTokensResponse = { tokens: links.map((link) => recallToken(state, session.application, link)) };
      return reply.send(answer);
    },
  );

  app.get(
    '/games/v1/recall/gamesPlayerTokens/:sessionId',
    {
      onRequest,
      schema: { params: SessionParams, querystring: GamesPlayerTokensQuery },
      config: routeConfig('games.recall.gamesPlayerTokens', { response: 'RetrieveGamesPlayerTokensResponse', scopes }),
    },
    (request, reply) => {
      const session = requireSession(state, serviceAccountOf(request), (request.params as { sessionId: string }).sessionId);
      const requested = [(request.query as { applicationIds: string | string[] }).applicationIds].flat();
      const found = [...new Set(requested)].flatMap((applicationId) => {
        const application = state.applicationsById.get(applicationId);
        const entry = application && gamePlayerToken(state, application, session);
        return entry ? [{ applicationId: entry.applicationId, recallToken: entry.recallToken }] : [];
      });
      // Google's JSON leaves an empty list out (proto3).
      const answer: RetrieveGamesPlayerTokensResponse = found.length === 0 ? {} : { gamePlayerTokens: found };
      return reply.send(answer);
    },
  );

  app.get(
    '/games/v1/recall/developerGamesLastPlayerToken/:sessionId',
    {
      onRequest,
      schema: { params: SessionParams },
      config: routeConfig('games.recall.lastTokenFromAllDeveloperGames', { response: 'RetrieveDeveloperGamesLastPlayerTokenResponse', scopes }),
    },
    (request, reply) => {
      const session = requireSession(state, serviceAccountOf(request), (request.params as { sessionId: string }).sessionId);
      // Every seeded application is one developer's (docs/google/emulator-choices.md, 'Recall').
      const newest = state.applications
        .map((application) => gamePlayerToken(state, application, session))
        .filter((entry) => entry !== undefined)
        .sort((a, b) => b.linkedAt - a.linkedAt)[0];
      const answer: RetrieveDeveloperGamesLastPlayerTokenResponse = newest
        ? { gamePlayerToken: { applicationId: newest.applicationId, recallToken: newest.recallToken } }
        : {};
      return reply.send(answer);
    },
  );
}
