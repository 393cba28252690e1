/**
 * An in-memory stand-in for the achievement calls of the Games API, for unit tests of the
 * achievement module: Google's semantics for one game, taken from the emulator's pure rules
 * (`src/emulator/achievement-logic.ts`: unlock reveals, increments clamp at the total and unlock
 * there, a replayed requestId answers the first outcome, setStepsAtLeast never lowers), the caller
 * identified by its access token, every call recorded, and failures scripted per operation.
 */
import { GoogleApiError, GoogleUnavailableError } from '../../google/errors.js';
import type { CallOptions } from '../../google/http.js';
import {
  applyIncrementOnce,
  applyReveal,
  applySetStepsAtLeast,
  applyUnlock,
  initialProgress,
  type AchievementRules,
  type Transition,
  type WriteOutcome,
} from '../../emulator/achievement-logic.js';
import type { AchievementDefinition, AchievementIncrementResponse, AchievementRevealResponse, AchievementSetStepsAtLeastResponse, AchievementState, AchievementUnlockResponse, AchievementUpdateMultipleResponse, AchievementUpdateRequest, AchievementUpdateResponse, PlayerAchievement } from '../../google/wire/achievements.js';
import type { AchievementGames } from '../achievements/google-port.js';

/** A definition in a few words. */
export function definition(
  id: string,
  options: { type?: 'STANDARD' | 'INCREMENTAL'; totalSteps?: number; initialState?: AchievementState; xp?: number } = {},
): AchievementDefinition {
  const type = options.type ?? 'STANDARD';
  return {
    kind: 'games#achievementDefinition',
    id,
    name: `Name of ${id}`,
    description: `Description of ${id}`,
    achievementType: type,
    ...(type === 'INCREMENTAL' ? { totalSteps: options.totalSteps ?? 5, formattedTotalSteps: String(options.totalSteps ?? 5) } : {}),
    revealedIconUrl: `https://example.test/${id}/revealed.png`,
    unlockedIconUrl: `https://example.test/${id}/unlocked.png`,
    isRevealedIconUrlDefault: false,
    isUnlockedIconUrlDefault: false,
    initialState: options.initialState ?? 'REVEALED',
    experiencePoints: String(options.xp ?? 1000),
  };
}

/** One recorded call. */
export interface FakeCall {
  operation: string;
  token: string;
  achievementId?: string;
  steps?: number;
  requestId?: string;
  updates?: AchievementUpdateRequest[];
  options?: CallOptions;
}

type Operation = 'definitions' | 'list' | 'unlock' | 'increment' | 'reveal' | 'setStepsAtLeast' | 'updateMultiple';

interface Scripted {
  error: () => Error;
  /** Apply the call first, then fail its answer (Google applied it; the answer was lost). */
  after: boolean;
}

interface State {
  state: AchievementState;
  steps: number;
  updatedAt: number;
}

/** Fake Games API: `tokens` maps an access token to the player it belongs to. */
export class FakeAchievementGames implements AchievementGames {
  readonly calls: FakeCall[] = [];
  readonly tokens = new Map<string, string>();
  readonly definitions: AchievementDefinition[];
  /** Players who see drafts (ids in `drafts`). */
  readonly testers = new Set<string>();
  readonly drafts = new Set<string>();
  readonly #states = new Map<string, Map<string, State>>();
  /** `player/achievement/requestId` → the first outcome of that increment. */
  readonly #seenRequestIds = new Map<string, WriteOutcome>();
  readonly #scripts = new Map<Operation, Scripted[]>();
  /** Delay every call by this much (ms), honouring the caller's deadline as a timeout would. */
  delayMs = 0;

  constructor(definitions: AchievementDefinition[]) {
    this.definitions = definitions;
  }

  /** Makes the next call(s) of `operation` fail. */
  failNext(operation: Operation, error: () => Error, options: { times?: number; after?: boolean } = {}): void {
    const list = this.#scripts.get(operation) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) list.push({ error, after: options.after ?? false });
    this.#scripts.set(operation, list);
  }

  /** The ground truth of one player's achievement. */
  truth(playerId: string, achievementId: string): { state: AchievementState; steps: number } {
    const s = this.#state(playerId, achievementId);
    return { state: s.state, steps: s.steps };
  }

  count(operation: string): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  async listAllAchievementDefinitions(token: string, options: CallOptions & { language?: string } = {}): Promise<AchievementDefinition[]> {
    const player = await this.#enter('definitions', { operation: 'definitions', token, options });
    return this.#exit('definitions', () => this.definitions.filter((d) => !this.drafts.has(d.id) || this.testers.has(player)));
  }

  async listAllPlayerAchievements(token: string, _playerId = 'me', options: CallOptions = {}): Promise<PlayerAchievement[]> {
    const player = await this.#enter('list', { operation: 'list', token, options });
    return this.#exit('list', () =>
      this.definitions
        .filter((d) => !this.drafts.has(d.id) || this.testers.has(player))
        .map((d) => {
          const s = this.#state(player, d.id);
          return {
            kind: 'games#playerAchievement' as const,
            id: d.id,
            achievementState: s.state,
            ...(d.achievementType === 'INCREMENTAL' ? { currentSteps: s.steps, formattedCurrentStepsString: String(s.steps) } : {}),
            ...(s.updatedAt ? { lastUpdatedTimestamp: String(s.updatedAt) } : {}),
          };
        }),
    );
  }

  async unlock(token: string, achievementId: string, options: CallOptions = {}): Promise<AchievementUnlockResponse> {
    const player = await this.#enter('unlock', { operation: 'unlock', token, achievementId, options });
    return this.#exit('unlock', () => {
      const r = this.#apply(player, { achievementId, updateType: 'UNLOCK' });
      return { kind: 'games#achievementUnlockResponse', newlyUnlocked: r.newlyUnlocked };
    });
  }

  async increment(token: string, achievementId: string, steps: number, requestId?: string, options: CallOptions = {}): Promise<AchievementIncrementResponse> {
    const player = await this.#enter('increment', { operation: 'increment', token, achievementId, steps, ...(requestId ? { requestId } : {}), options });
    return this.#exit('increment', () => {
      const r = this.#apply(player, { achievementId, updateType: 'INCREMENT', incrementPayload: { steps, ...(requestId ? { requestId } : {}) } });
      return { kind: 'games#achievementIncrementResponse', currentSteps: r.currentSteps ?? 0, newlyUnlocked: r.newlyUnlocked };
    });
  }

  async reveal(token: string, achievementId: string, options: CallOptions = {}): Promise<AchievementRevealResponse> {
    const player = await this.#enter('reveal', { operation: 'reveal', token, achievementId, options });
    return this.#exit('reveal', () => {
      const r = this.#apply(player, { achievementId, updateType: 'REVEAL' });
      return { kind: 'games#achievementRevealResponse', currentState: r.currentState === 'UNLOCKED' ? 'UNLOCKED' : 'REVEALED' };
    });
  }

  async setStepsAtLeast(token: string, achievementId: string, steps: number, options: CallOptions = {}): Promise<AchievementSetStepsAtLeastResponse> {
    const player = await this.#enter('setStepsAtLeast', { operation: 'setStepsAtLeast', token, achievementId, steps, options });
    return this.#exit('setStepsAtLeast', () => {
      const r = this.#apply(player, { achievementId, updateType: 'SET_STEPS_AT_LEAST', setStepsAtLeastPayload: { steps } });
      return { kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: r.currentSteps ?? 0, newlyUnlocked: r.newlyUnlocked };
    });
  }

  async updateMultiple(token: string, updates: readonly AchievementUpdateRequest[], options: CallOptions = {}): Promise<AchievementUpdateMultipleResponse> {
    const player = await this.#enter('updateMultiple', { operation: 'updateMultiple', token, updates: [...updates], options });
    return this.#exit('updateMultiple', () => {
      // Google validates the whole batch before applying any of it.
      for (const u of updates) this.#check(player, u);
      return { kind: 'games#achievementUpdateMultipleResponse', updatedAchievements: updates.map((u) => this.#apply(player, u)) };
    });
  }

  async #enter(operation: Operation, call: FakeCall): Promise<string> {
    this.calls.push(call);
    if (this.delayMs > 0) {
      const budget = call.options?.timeoutMs ?? Infinity;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.delayMs, budget)));
      if (budget < this.delayMs) throw new GoogleUnavailableError({ operation, kind: 'timeout', attempts: 1, message: `${operation}: timeout` });
    }
    const player = this.tokens.get(call.token);
    if (player === undefined) {
      throw new GoogleApiError({ operation, status: 401, reason: 'authError', message: `${operation}: Google answered HTTP 401 UNAUTHENTICATED (authError)` });
    }
    const script = this.#scripts.get(operation)?.[0];
    if (script && !script.after) {
      this.#scripts.get(operation)!.shift();
      throw script.error();
    }
    return player;
  }

  #exit<T>(operation: Operation, apply: () => T): T {
    const result = apply();
    const script = this.#scripts.get(operation)?.[0];
    if (script?.after) {
      this.#scripts.get(operation)!.shift();
      throw script.error();
    }
    return result;
  }

  #state(player: string, achievementId: string): State {
    let states = this.#states.get(player);
    if (!states) this.#states.set(player, (states = new Map<string, State>()));
    let s = states.get(achievementId);
    if (!s) {
      const d = this.definitions.find((x) => x.id === achievementId);
      s = { ...(d ? initialProgress(rulesOf(d)) : { state: 'REVEALED' as const, steps: 0 }), updatedAt: 0 };
      states.set(achievementId, s);
    }
    return s;
  }

  #check(player: string, u: AchievementUpdateRequest): AchievementDefinition {
    const d = this.definitions.find((x) => x.id === u.achievementId);
    if (!d || (this.drafts.has(d.id) && !this.testers.has(player))) {
      throw new GoogleApiError({ operation: 'fake', status: 404, reason: 'notFound', message: `The requested achievement with ID ${u.achievementId} was not found.` });
    }
    if ((u.updateType === 'INCREMENT' || u.updateType === 'SET_STEPS_AT_LEAST') && d.achievementType !== 'INCREMENTAL') {
      throw new GoogleApiError({ operation: 'fake', status: 400, reason: 'invalid', message: `Achievement ${d.id} is not incremental.` });
    }
    return d;
  }

  #apply(player: string, u: AchievementUpdateRequest): AchievementUpdateResponse {
    const d = this.#check(player, u);
    const rules = rulesOf(d);
    const s = this.#state(player, u.achievementId);
    const current = { state: s.state, steps: s.steps };
    let transition: Transition;
    switch (u.updateType) {
      case 'UNLOCK':
        transition = applyUnlock(current, rules);
        break;
      case 'REVEAL':
        transition = applyReveal(current);
        break;
      case 'INCREMENT': {
        const requestId = u.incrementPayload?.requestId;
        const key = requestId ? `${player}/${u.achievementId}/${requestId}` : undefined;
        transition = applyIncrementOnce(current, rules, u.incrementPayload?.steps ?? 0, key ? this.#seenRequestIds.get(key) : undefined);
        if (key && transition.replayed !== true) this.#seenRequestIds.set(key, transition.outcome);
        break;
      }
      case 'SET_STEPS_AT_LEAST':
        transition = applySetStepsAtLeast(current, rules, u.setStepsAtLeastPayload?.steps ?? 0);
        break;
    }
    const { outcome } = transition;
    if (outcome.updateOccurred && transition.replayed !== true) {
      Object.assign(s, transition.next, { updatedAt: 1_700_000_000_000 + this.calls.length });
    }
    return {
      kind: 'games#achievementUpdateResponse',
      achievementId: d.id,
      currentState: outcome.currentState,
      ...(d.achievementType === 'INCREMENTAL' ? { currentSteps: outcome.currentSteps } : {}),
      newlyUnlocked: outcome.newlyUnlocked,
      updateOccurred: outcome.updateOccurred,
    };
  }
}

/** The emulator's rules for a definition. */
function rulesOf(d: AchievementDefinition): AchievementRules {
  return { achievementType: d.achievementType, totalSteps: d.totalSteps, initialState: d.initialState };
}

/** Google's 503, as the typed client reports it after its retries. */
export function unavailable(retryAfterMs?: number): GoogleUnavailableError {
  return new GoogleUnavailableError({
    operation: 'fake',
    kind: 'http',
    status: 503,
    attempts: 1,
    message: 'fake: Google answered HTTP 503 UNAVAILABLE (backendError)',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
