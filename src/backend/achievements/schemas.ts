/**
 * TypeBox schemas of the achievement routes: they validate requests (strict: unknown fields are
 * refused) and feed `/openapi.json`. Shapes follow docs/API.md, 'Achievements'.
 */
import { Type } from 'typebox';
import { component } from '../http/openapi-components.js';
import { withExample } from '../http/openapi-examples.js';
import { playerIdSchema, printableIdSchema } from '../http/id-schemas.js';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency.js';

export const AchievementStateSchema = Type.Union([Type.Literal('HIDDEN'), Type.Literal('REVEALED'), Type.Literal('UNLOCKED')], component('AchievementState'));
export const AchievementTypeSchema = Type.Union([Type.Literal('STANDARD'), Type.Literal('INCREMENTAL')], component('AchievementType'));
export const UpdateTypeSchema = Type.Union([
  Type.Literal('UNLOCK'),
  Type.Literal('INCREMENT'),
  Type.Literal('REVEAL'),
  Type.Literal('SET_STEPS_AT_LEAST'),
], component('AchievementUpdateType'));

const AchievementId = printableIdSchema('an achievement ID', 256, 'The achievement ID from Play Console.');
/**
 * `steps`: Google's int32, at least 1. A JSON number out of these bounds (0, 1.5, 2^31) answers
 * the field's own code, INVALID_STEPS (`x-error-code`, read by http/validation-message.ts); a value
 * of another type ("5") is INVALID_REQUEST, as any mistyped field.
 */
const Steps = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1, 'x-error-code': 'INVALID_STEPS', description: 'A positive integer (int32).' });

export const AchievementParams = Type.Object({ achievementId: AchievementId });
export const PlayerParams = Type.Object({
  playerId: playerIdSchema('Any Play Games player ID the server has seen for the player.'),
});
export const PlayerAchievementParams = Type.Object({ playerId: PlayerParams.properties.playerId, achievementId: AchievementId });

export const LanguageQuery = Type.Object(
  {
    language: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$',
        maxLength: 35,
        'x-expected': 'a BCP 47 language tag Google Play supports, such as en-US, fr-FR, pt-BR or es-419',
        description:
          'BCP 47 language of names and descriptions: one Google Play supports (en-US, fr-FR, pt-BR, es-419…). Case and "_" are forgiven; a bare language or an unlisted region takes its main variant (en → en-US, de-AT → de-DE); anything else is refused.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: IDEMPOTENCY_KEY_PATTERN,
      description: 'Repeat a request with the same key to get its first answer; nothing is written twice. 1–255 visible ASCII characters.',
    }),
  ),
});

export const StepsBody = Type.Object({ steps: Steps }, { additionalProperties: false });
export const BatchBody = Type.Object(
  {
    updates: Type.Array(
      Type.Object(
        {
          achievementId: AchievementId,
          type: UpdateTypeSchema,
          steps: Type.Optional(Steps),
        },
        { additionalProperties: false, ...component('AchievementUpdate') },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const AchievementItemSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  type: AchievementTypeSchema,
  state: AchievementStateSchema,
  currentSteps: Type.Optional(Type.Integer()),
  totalSteps: Type.Optional(Type.Integer()),
  revealedIconUrl: Type.Optional(Type.String()),
  unlockedIconUrl: Type.Optional(Type.String()),
  experiencePoints: Type.Number(),
  lastUpdatedTimestamp: Type.Optional(Type.Number({ description: 'Epoch milliseconds.' })),
  pending: Type.Optional(Type.Boolean({ description: 'True when a write Google has not confirmed yet is shown.' })),
}, component('AchievementItem'));
export const AchievementListSchema = Type.Object({ items: Type.Array(AchievementItemSchema) }, component('AchievementList'));

export const PendingSchema = Type.Object(
  { pending: Type.Literal(true) },
  { description: 'Stored durably; it will reach Google, never lost and never applied twice.', ...component('PendingWrite') },
);
export const UnlockAnswer = Type.Object({ state: AchievementStateSchema, newlyUnlocked: Type.Boolean() }, component('UnlockAnswer'));
export const StepsAnswer = Type.Object({ currentSteps: Type.Integer(), newlyUnlocked: Type.Boolean() }, component('StepsAnswer'));
export const RevealAnswer = Type.Object({ state: AchievementStateSchema }, component('RevealAnswer'));

const ErrorObject = Type.Object({ code: Type.String(), message: Type.String() });

export const BatchAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      achievementId: Type.String(),
      type: UpdateTypeSchema,
      state: Type.Optional(AchievementStateSchema),
      currentSteps: Type.Optional(Type.Integer()),
      newlyUnlocked: Type.Optional(Type.Boolean()),
      error: Type.Optional(ErrorObject),
    }, component('BatchResult')),
  ),
}, component('BatchAnswer'));

export const ResetResultSchema = Type.Object(
  { achievementId: Type.String(), state: AchievementStateSchema, updateOccurred: Type.Boolean() },
  component('ResetResult'),
);
export const ResetAllSchema = Type.Object({ results: Type.Array(ResetResultSchema) }, component('ResetAllAnswer'));

// What the routes answer, as the OpenAPI document shows it (http/openapi-examples.ts): true values,
// where a renderer would pick the first of each union (an unlock answering HIDDEN).
const DEMO_ID = 'CgkI1NXP4YkIEAIQAQ';
export const UnlockExample = withExample(UnlockAnswer, { state: 'UNLOCKED', newlyUnlocked: true });
export const StepsExample = withExample(StepsAnswer, { currentSteps: 5, newlyUnlocked: false });
export const RevealExample = withExample(RevealAnswer, { state: 'REVEALED' });
export const BatchExample = withExample(BatchAnswer, {
  results: [
    { achievementId: DEMO_ID, type: 'UNLOCK', state: 'UNLOCKED', newlyUnlocked: true },
    { achievementId: 'CgkI1NXP4YkIEAIQAg', type: 'INCREMENT', currentSteps: 3, newlyUnlocked: false },
  ],
});
export const AchievementListExample = withExample(AchievementListSchema, {
  items: [
    { id: DEMO_ID, name: 'First steps', description: 'Finish the tutorial.', type: 'STANDARD', state: 'UNLOCKED', experiencePoints: 100, lastUpdatedTimestamp: 1767225600000 },
    { id: 'CgkI1NXP4YkIEAIQAg', name: 'Collector', description: 'Collect 10 gems.', type: 'INCREMENTAL', state: 'REVEALED', currentSteps: 3, totalSteps: 10, experiencePoints: 50 },
    { id: 'CgkI1NXP4YkIEAIQAw', type: 'STANDARD', state: 'HIDDEN', experiencePoints: 200 },
  ],
});
export const ResetExample = withExample(ResetResultSchema, { achievementId: DEMO_ID, state: 'REVEALED', updateOccurred: true });
export const ResetAllExample = withExample(ResetAllSchema, { results: [{ achievementId: DEMO_ID, state: 'REVEALED', updateOccurred: true }] });
