/**
 * Everything checked before a write is stored: the steps, the operator's policy on game-client
 * writes, and the definitions (unknown achievement → 404, steps on a STANDARD one → 400), so that
 * a write that can never succeed is refused at once instead of waiting in the outbox. Each refusal
 * has its own code; in a batch the message names the update at fault, and the whole batch is
 * refused before any of it is stored.
 */
import type { AchievementUpdateType } from '../../google/wire/achievements.js';
import type { AchievementWriteInput } from '../../store/store.js';
import type { ClientWritePolicy } from '../config.js';
import { ApiError } from '../errors.js';
import type { DefinitionsSnapshot } from './definitions-cache.js';

/** Who asks for a write: a game client (session) or the game's own server (server API key). */
export type Caller = 'client' | 'server';

/** One write as a request names it. */
export interface RequestedUpdate {
  achievementId: string;
  type: AchievementUpdateType;
  steps?: number | undefined;
}

/** Google's `steps` / `stepsToIncrement` are int32 (docs/google/games-api.md). */
const MAX_STEPS = 2 ** 31 - 1;

const TAKES_STEPS: ReadonlySet<AchievementUpdateType> = new Set(['INCREMENT', 'SET_STEPS_AT_LEAST']);

function where(index: number | undefined): string {
  return index === undefined ? '' : `updates[${index}]: `;
}

/** Checks `steps`: required, a positive int32, for INCREMENT and SET_STEPS_AT_LEAST; absent otherwise. */
export function checkSteps(updates: readonly RequestedUpdate[], batch: boolean): void {
  updates.forEach((update, i) => {
    const at = where(batch ? i : undefined);
    if (TAKES_STEPS.has(update.type)) {
      const steps = update.steps;
      if (steps === undefined || !Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
        throw new ApiError('INVALID_STEPS', {
          message: `${at}steps must be a positive integer (at most ${MAX_STEPS}) for ${update.type}; got ${describe(steps)}.`,
        });
      }
    } else if (update.steps !== undefined) {
      throw new ApiError('INVALID_REQUEST', { message: `${at}steps is only allowed with INCREMENT and SET_STEPS_AT_LEAST; remove it from ${update.type}.` });
    }
  });
}

/** Applies the operator's policy on game-client writes (`PGS_CLIENT_WRITES`); the game's servers may always write. */
export function checkClientPolicy(updates: readonly RequestedUpdate[], policy: ClientWritePolicy, caller: Caller, batch: boolean): void {
  if (caller === 'server' || policy.mode === 'all') return;
  updates.forEach((update, i) => {
    if (policy.mode === 'listed' && policy.achievementIds.has(update.achievementId)) return;
    throw new ApiError('CLIENT_WRITES_FORBIDDEN', {
      message:
        policy.mode === 'none'
          ? 'Game clients may not write achievements on this server; the game server must.'
          : `${where(batch ? i : undefined)}game clients may not write achievement ${update.achievementId}; the game server must.`,
    });
  });
}

/** Checks each update against the game's definitions: the achievement exists, and steps only go to INCREMENTAL ones. */
export function checkDefinitions(updates: readonly RequestedUpdate[], definitions: DefinitionsSnapshot, batch: boolean): void {
  updates.forEach((update, i) => {
    const at = where(batch ? i : undefined);
    const definition = definitions.byId.get(update.achievementId);
    if (!definition) {
      throw new ApiError('ACHIEVEMENT_NOT_FOUND', { message: `${at}no achievement with ID ${update.achievementId} exists in this game.` });
    }
    if (TAKES_STEPS.has(update.type) && definition.achievementType !== 'INCREMENTAL') {
      throw new ApiError('ACHIEVEMENT_NOT_INCREMENTAL', {
        message: `${at}achievement ${update.achievementId} is STANDARD; ${update.type} needs an INCREMENTAL achievement (use UNLOCK).`,
      });
    }
  });
}

/** The store's input for validated updates. */
export function toWriteInputs(updates: readonly RequestedUpdate[]): AchievementWriteInput[] {
  return updates.map((u) => ({
    achievementId: u.achievementId,
    op: u.type,
    ...(TAKES_STEPS.has(u.type) && u.steps !== undefined ? { steps: u.steps } : {}),
  }));
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
