/**
 * The Recall answers' schemas, named as Google's Games API v1 discovery document names them
 * (https://games.googleapis.com/$discovery/rest?version=v1), each written against its wire type
 * in `src/google/wire/recall.ts`; part of the Games API's table (`../response-schemas.ts`).
 */
import {
  LINK_PERSONA_STATES,
  type GamePlayerToken,
  type LinkPersonaResponse,
  type RecallToken,
  type ResetPersonaResponse,
  type RetrieveDeveloperGamesLastPlayerTokenResponse,
  type RetrieveGamesPlayerTokensResponse,
  type RetrievePlayerTokensResponse,
  type UnlinkPersonaResponse,
} from '../../google/wire/recall.js';
import { arrayOfRef, boolean, describe, oneOf, ref, string, type DiscoverySchema } from '../describe-schema.js';

/** Every Recall answer schema and the schemas they refer to. */
export const RECALL_RESPONSE_SCHEMAS: readonly DiscoverySchema[] = [
  describe<LinkPersonaResponse>('LinkPersonaResponse', { state: oneOf(...LINK_PERSONA_STATES) }),
  describe<UnlinkPersonaResponse>('UnlinkPersonaResponse', { unlinked: boolean }),
  describe<ResetPersonaResponse>('ResetPersonaResponse', { unlinked: boolean }),
  describe<RecallToken>('RecallToken', { token: string, multiPlayerPersona: boolean, expireTime: { type: 'string', format: 'google-datetime' } }),
  describe<RetrievePlayerTokensResponse>('RetrievePlayerTokensResponse', { tokens: arrayOfRef('RecallToken') }),
  describe<GamePlayerToken>('GamePlayerToken', { applicationId: string, recallToken: ref('RecallToken') }),
  describe<RetrieveGamesPlayerTokensResponse>('RetrieveGamesPlayerTokensResponse', { gamePlayerTokens: arrayOfRef('GamePlayerToken') }),
  describe<RetrieveDeveloperGamesLastPlayerTokenResponse>('RetrieveDeveloperGamesLastPlayerTokenResponse', { gamePlayerToken: ref('GamePlayerToken') }),
];
