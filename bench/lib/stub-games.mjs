/**
 * Google's Games API for in-process benchmarks, answering at once from memory: one incremental
 * achievement 'inc', the player's state as `achievements.list` answers it (every achievement the
 * player can see: the backend checks a write against what the player was shown,
 * src/backend/achievements/player-visibility.ts), and increments. `tokens` maps an access token to
 * its player.
 */
export function stubGames(tokens) {
  const definition = {
    kind: 'games#achievementDefinition',
    id: 'inc',
    name: 'Counter',
    description: 'Counts.',
    achievementType: 'INCREMENTAL',
    totalSteps: 1_000_000,
    isRevealedIconUrlDefault: false,
    isUnlockedIconUrlDefault: false,
    initialState: 'REVEALED',
    experiencePoints: '100',
  };
  const steps = new Map();
  return {
    listAllAchievementDefinitions: async () => [definition],
    listAllPlayerAchievements: async (token) => [
      { kind: 'games#playerAchievement', id: 'inc', achievementState: 'REVEALED', currentSteps: steps.get(tokens.get(token)) ?? 0 },
    ],
    increment: async (token, _id, n) => {
      const player = tokens.get(token);
      steps.set(player, (steps.get(player) ?? 0) + n);
      return { kind: 'games#achievementIncrementResponse', currentSteps: steps.get(player), newlyUnlocked: false };
    },
  };
}
