/** TypeBox schemas of the stats and saved-games routes (docs/API.md, 'Stats and saved games'). */
import { Type } from 'typebox';
import { component } from '../http/openapi-components.js';
import { withExample } from '../http/openapi-examples.js';

const Stat = (description: string) => Type.Optional(Type.Number({ description }));

export const PlayerStatsSchema = Type.Object(
  {
    avgSessionLengthMinutes: Stat('Average session length, minutes.'),
    churnProbability: Stat('Probability (0–1) the player does not come back tomorrow.'),
    daysSinceLastPlayed: Stat('Days since the player last played.'),
    highSpenderProbability: Stat('Probability (0–1) the player spends beyond a threshold.'),
    numPurchases: Stat('In-app purchases made in this game.'),
    numSessions: Stat('Sessions in about the last 28 days.'),
    numSessionsPercentile: Stat('Percentile (0–1) of sessions in the last 30 days.'),
    spendPercentile: Stat('Spend percentile (0–1) in this game.'),
    spendProbability: Stat('Probability (0–1) the player spends in the next 7 days.'),
    totalSpendNext28Days: Stat('Predicted spend in the next 28 days.'),
  },
  { description: "Play's figures about the player; a field is absent when Google lacks the data.", ...component('PlayerStats') },
);

export const SavedGameSchema = Type.Object(
  {
    id: Type.String(),
    uniqueName: Type.String(),
    title: Type.String(),
    description: Type.String(),
    durationMillis: Type.Number({ description: 'Played time, ms.' }),
    lastModifiedMillis: Type.Number({ description: 'Epoch milliseconds.' }),
    progressValue: Type.Number({ description: 'A value the game set, e.g. progress.' }),
    driveId: Type.Optional(Type.String({ description: "The Drive file holding the save's bytes." })),
    coverImage: Type.Optional(Type.Object({ url: Type.String(), width: Type.Integer(), height: Type.Integer(), mimeType: Type.String() })),
  },
  component('SavedGame'),
);
export const SavedGameListSchema = Type.Object({ items: Type.Array(SavedGameSchema) }, component('SavedGameList'));

export const PlayerStatsExample = withExample(PlayerStatsSchema, { numSessions: 12, daysSinceLastPlayed: 1, churnProbability: 0.1, spendProbability: 0.25 });
export const SavedGameListExample = withExample(SavedGameListSchema, {
  items: [
    {
      id: '104572839201837465019',
      uniqueName: 'slot-1',
      title: 'Castle, floor 3',
      description: 'Before the dragon',
      durationMillis: 3_600_000,
      lastModifiedMillis: 1_767_225_600_000,
      progressValue: 42,
    },
  ],
});
