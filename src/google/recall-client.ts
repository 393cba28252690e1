/**
 * A slim client for Google's Recall API (docs/google/recall.md), called with a service account's
 * token (`service-account.ts`), never a player's. Paths are Google's (`games/v1/recall…`),
 * resolved against `endpoints.gamesBaseUrl`. Every call is safe to retry: linking the same
 * persona and player again replaces the token, and unlinking twice unlinks once.
 *
 * A 401 (the cached token was revoked or the clock jumped) gets one more try with a new token.
 */
import type { GoogleEndpoints } from './endpoints.js';
import { GoogleApiError, GoogleUnavailableError } from './errors.js';
import type { HttpClient } from './http.js';
import { GOOGLE_OPERATIONS } from './operations.js';
import type { ServiceAccountTokenSource } from './service-account.js';
import type { LinkPersonaRequest, LinkPersonaState, RecallConflictPolicy, RecallToken } from './wire/recall.js';

export interface RecallClientOptions {
  endpoints: Pick<GoogleEndpoints, 'gamesBaseUrl'>;
  http: HttpClient;
  tokens: ServiceAccountTokenSource;
}

/** What `linkPersona` is asked; the constraint is always `ONE_PERSONA_TO_ONE_PLAYER`. */
export interface LinkPersonaInput {
  sessionId: string;
  persona: string;
  token: string;
  policy: RecallConflictPolicy;
}

/** Links, finds and removes Recall links of the game's service account. */
export class RecallClient {
  readonly #base: string;
  readonly #http: HttpClient;
  readonly #tokens: ServiceAccountTokenSource;

  constructor(options: RecallClientOptions) {
    const base = options.endpoints.gamesBaseUrl;
    this.#base = base.endsWith('/') ? base : `${base}/`;
    this.#http = options.http;
    this.#tokens = options.tokens;
  }

  /** `recall.linkPersona`: links the session's player to `persona`, with `token` to find it by. */
  async linkPersona(input: LinkPersonaInput): Promise<LinkPersonaState> {
    const body: LinkPersonaRequest = {
      sessionId: input.sessionId,
      persona: input.persona,
      token: input.token,
      cardinalityConstraint: 'ONE_PERSONA_TO_ONE_PLAYER',
      conflictingLinksResolutionPolicy: input.policy,
    };
    const op = GOOGLE_OPERATIONS.recallLinkPersona;
    const answer = await this.#call(op, 'POST', 'games/v1/recall:linkPersona', body, [input.sessionId, input.token]);
    const state = (answer as { state?: unknown } | undefined)?.state;
    if (state !== 'LINK_CREATED' && state !== 'PERSONA_OR_PLAYER_ALREADY_LINKED') throw invalidAnswer(op, 'has no known state');
    return state;
  }

  /** `recall.resetPersona`: removes every link of `persona` in the game; whether there was one. */
  async resetPersona(persona: string): Promise<boolean> {
    const answer = await this.#call(GOOGLE_OPERATIONS.recallResetPersona, 'POST', 'games/v1/recall:resetPersona', { persona }, []);
    return (answer as { unlinked?: unknown } | undefined)?.unlinked === true;
  }

  /** `recall.retrieveTokens`: the tokens linked to the session's player; none (Google's 404) is `[]`. */
  async retrieveTokens(sessionId: string): Promise<RecallToken[]> {
    const op = GOOGLE_OPERATIONS.recallRetrieveTokens;
    try {
      const answer = await this.#call(op, 'GET', `games/v1/recall/tokens/${encodeURIComponent(sessionId)}`, undefined, [sessionId]);
      const tokens = (answer as { tokens?: unknown } | undefined)?.tokens ?? [];
      if (!Array.isArray(tokens)) throw invalidAnswer(op, 'has no tokens list');
      return tokens.filter((entry): entry is RecallToken => typeof (entry as { token?: unknown } | null)?.token === 'string');
    } catch (error) {
      // Google's own sample: "Expect a 404 if no tokens are found, don't treat it as an error".
      if (error instanceof GoogleApiError && error.status === 404) return [];
      throw error;
    }
  }

  async #call(operation: string, method: 'GET' | 'POST', path: string, json: unknown, secrets: readonly string[]): Promise<unknown> {
    const send = async () =>
      (
        await this.#http.request({
          operation,
          method,
          url: new URL(path, this.#base),
          accessToken: await this.#tokens.accessToken(),
          ...(json === undefined ? {} : { json }),
          retrySafe: true,
          secrets,
        })
      ).body;
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof GoogleApiError) || error.status !== 401) throw error;
      this.#tokens.invalidate();
      return send();
    }
  }
}

function invalidAnswer(operation: string, what: string): GoogleUnavailableError {
  return new GoogleUnavailableError({ operation, kind: 'invalid_response', attempts: 1, message: `${operation}: Google's answer ${what}` });
}
