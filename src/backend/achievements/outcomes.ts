/**
 * Google's answer to one achievement write, normalised whatever call carried it (the dedicated
 * method or `updateMultiple`), and the backend's answer built from it (docs/API.md, 'Achievements').
 */
import type { AchievementState, AchievementUpdateResponse, AchievementUpdateType } from '../../google/wire/achievements.js';
import type { AchievementWrite, JsonValue } from '../../store/store.js';

/** What Google said about one write; stored as the write's `result`. */
export interface WriteOutcome {
  achievementId: string;
  op: AchievementUpdateType;
  /** Known from reveal and updateMultiple answers; UNLOCKED after an unlock. */
  state?: AchievementState;
  /** Incremental achievements only. */
  currentSteps?: number;
  newlyUnlocked: boolean;
  /** From updateMultiple only. */
  updateOccurred?: boolean;
}

/** `200` body of a single write (docs/API.md, 'Achievements'). */
export type WriteAnswer =
  | { state: AchievementState; newlyUnlocked: boolean }
  | { currentSteps: number; newlyUnlocked: boolean }
  | { state: AchievementState };

/** The contract's answer to one write: unlock → state + newlyUnlocked, increment/set-steps → steps, reveal → state. */
export function answerFor(op: AchievementUpdateType, outcome: WriteOutcome): WriteAnswer {
  switch (op) {
    case 'UNLOCK':
      return { state: outcome.state ?? 'UNLOCKED', newlyUnlocked: outcome.newlyUnlocked };
    case 'INCREMENT':
    case 'SET_STEPS_AT_LEAST':
      return { currentSteps: outcome.currentSteps ?? 0, newlyUnlocked: outcome.newlyUnlocked };
    case 'REVEAL':
      return { state: outcome.state ?? 'REVEALED' };
  }
}

/** The outcome as the JSON the store keeps. */
export function outcomeJson(outcome: WriteOutcome): JsonValue {
  return { ...outcome };
}

/**
 * Pairs `updateMultiple`'s `updatedAchievements` with the writes sent. Google answers one entry
 * per update, in order; if it ever did not (merged duplicates, reordering), entries are matched by
 * achievement ID in order of appearance, and a write with no entry at all is reported as
 * applied without news (the call succeeded, so it was).
 */
export function outcomesFromUpdateMultiple(writes: readonly AchievementWrite[], entries: readonly AchievementUpdateResponse[]): WriteOutcome[] {
  const toOutcome = (write: AchievementWrite, entry: AchievementUpdateResponse | undefined): WriteOutcome => {
    if (!entry) return { achievementId: write.achievementId, op: write.op, newlyUnlocked: false };
    return {
      achievementId: write.achievementId,
      op: write.op,
      state: entry.currentState,
      ...(typeof entry.currentSteps === 'number' ? { currentSteps: entry.currentSteps } : {}),
      newlyUnlocked: entry.newlyUnlocked === true,
      ...(typeof entry.updateOccurred === 'boolean' ? { updateOccurred: entry.updateOccurred } : {}),
    };
  };
  if (entries.length === writes.length && entries.every((e, i) => e.achievementId === writes[i]?.achievementId)) {
    return writes.map((w, i) => toOutcome(w, entries[i]));
  }
  const queues = new Map<string, AchievementUpdateResponse[]>();
  const last = new Map<string, AchievementUpdateResponse>();
  for (const entry of entries) {
    const queue = queues.get(entry.achievementId) ?? [];
    queue.push(entry);
    queues.set(entry.achievementId, queue);
    last.set(entry.achievementId, entry);
  }
  return writes.map((w) => toOutcome(w, queues.get(w.achievementId)?.shift() ?? last.get(w.achievementId)));
}
