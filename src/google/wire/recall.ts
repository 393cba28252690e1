/**
 * Google's Recall API wire shapes (Games API v1, `recall.*`; docs/google/recall.md), shared by the
 * backend's client and the emulator. Recall is called with a service account's token, never a
 * player's.
 */

/** How many personas a player may be linked to in one game, and the other way round. */
export const RECALL_CARDINALITY_CONSTRAINTS = ['ONE_PERSONA_TO_ONE_PLAYER'] as const;
export type RecallCardinalityConstraint = (typeof RECALL_CARDINALITY_CONSTRAINTS)[number];

/** What `linkPersona` does when the new link would break the cardinality constraint. */
export const RECALL_CONFLICT_POLICIES = ['KEEP_EXISTING_LINKS', 'CREATE_NEW_LINK'] as const;
export type RecallConflictPolicy = (typeof RECALL_CONFLICT_POLICIES)[number];

export const LINK_PERSONA_STATES = ['LINK_CREATED', 'PERSONA_OR_PLAYER_ALREADY_LINKED'] as const;
export type LinkPersonaState = (typeof LINK_PERSONA_STATES)[number];

/** `LinkPersonaRequest` (JSON names; Google also takes the proto names, `conflicting_links_resolution_policy`…). */
export interface LinkPersonaRequest {
  sessionId: string;
  persona: string;
  token: string;
  cardinalityConstraint?: RecallCardinalityConstraint;
  conflictingLinksResolutionPolicy?: RecallConflictPolicy;
  /** RFC 3339; or `ttl`, not both. */
  expireTime?: string;
  /** A duration such as `"604800s"`. */
  ttl?: string;
}

export interface LinkPersonaResponse {
  state: LinkPersonaState;
}

/** `UnlinkPersonaRequest`: the session and one of `persona` or `token`. */
export interface UnlinkPersonaRequest {
  sessionId: string;
  persona?: string;
  token?: string;
}

export interface UnlinkPersonaResponse {
  unlinked: boolean;
}

export interface ResetPersonaRequest {
  persona: string;
}

export interface ResetPersonaResponse {
  unlinked: boolean;
}

/** One Recall token: what `linkPersona` was given as `token`. Personas are never returned. */
export interface RecallToken {
  token: string;
  /** Whether the token's persona is linked to more than one player. */
  multiPlayerPersona: boolean;
  /** RFC 3339, when the link expires. */
  expireTime?: string;
}

export interface RetrievePlayerTokensResponse {
  tokens: RecallToken[];
}

/** A game's Recall token for the player. */
export interface GamePlayerToken {
  applicationId: string;
  recallToken: RecallToken;
}

/** `gamesPlayerTokens`: games without a token for the player are left out (and an empty list with them). */
export interface RetrieveGamesPlayerTokensResponse {
  gamePlayerTokens?: GamePlayerToken[];
}

/** `lastTokenFromAllDeveloperGames`: empty when the player has no token in any game of the developer. */
export interface RetrieveDeveloperGamesLastPlayerTokenResponse {
  gamePlayerToken?: GamePlayerToken;
}
