/** The schemas of the operators' routes, as the OpenAPI document shows them. */
import { Type } from 'typebox';
import { UpdateTypeSchema } from '../achievements/schemas.js';
import { EventItemSchema } from '../events/schemas.js';
import { component } from '../http/openapi-components.js';
import { OwnScoresSchema } from '../leaderboards/schemas.js';

export const OutboxQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'How many failed writes to list (newest first); default 100.' })) },
  { additionalProperties: false },
);
export const OutboxSchema = Type.Object({
  pending: Type.Integer({ description: 'Writes waiting to be sent (backing off or parked until the player signs in).' }),
  inFlight: Type.Integer(),
  failed: Type.Integer(),
  oldestPendingAgeMs: Type.Integer(),
  failedWrites: Type.Array(
    Type.Object({
      id: Type.Integer(),
      playerId: Type.Union([Type.String(), Type.Null()], { description: "The player's current Play Games ID." }),
      achievementId: Type.String(),
      type: UpdateTypeSchema,
      steps: Type.Optional(Type.Integer()),
      attempts: Type.Integer(),
      error: Type.String({ description: 'Why Google refused it.' }),
      createdAt: Type.Number(),
      failedAt: Type.Number(),
    }, component('FailedWrite')),
  ),
}, component('AchievementOutbox'));

export const EventOutboxSchema = Type.Object({
  pending: Type.Integer({ description: 'Event updates waiting to be sent (backing off or parked until the player signs in).' }),
  inFlight: Type.Integer(),
  failed: Type.Integer(),
  oldestPendingAgeMs: Type.Integer(),
  failedWrites: Type.Array(
    Type.Object({
      id: Type.Integer(),
      playerId: Type.Union([Type.String(), Type.Null()], { description: "The player's current Play Games ID." }),
      eventId: Type.String(),
      count: Type.Number(),
      attempts: Type.Integer(),
      error: Type.String({ description: 'Why Google refused it.' }),
      createdAt: Type.Number(),
      failedAt: Type.Number(),
    }, component('FailedEventWrite')),
  ),
}, component('EventOutbox'));

// Operators: players, the outbox by status, metrics, the audit log.

const InternalPlayerId = Type.String({ minLength: 1, maxLength: 256, description: "The player's internal ID (stable; the Play Games player ID can change)." });
export const AdminPlayerParams = Type.Object({ id: InternalPlayerId });
export const WriteParams = Type.Object({ writeId: Type.Integer({ minimum: 1 }) });

export const PlayerSearchQuery = Type.Object(
  {
    query: Type.Optional(Type.String({ maxLength: 256, description: 'A part of the display name, or any ID exactly: internal, Play Games (current or earlier), account, Google `sub`, email. Empty: the most recent sign-ins.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 50.' })),
  },
  { additionalProperties: false },
);

export const GrantStateSchema = Type.Union([Type.Literal('active'), Type.Literal('needs_consent'), Type.Literal('none')], {
  description: '`active`: the backend can call Google for the player. `needs_consent`: Google refused or revoked the grant; the player must sign in again. `none`: no grant is stored.',
  ...component('GrantState'),
});

export const AdminPlayerSchema = Type.Object(
  {
    id: InternalPlayerId,
    playerId: Type.String({ description: 'The current Play Games player ID.' }),
    displayName: Type.String(),
    accountId: Type.String(),
    applicationId: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.Number(),
    lastSignInAt: Type.Number(),
    grantState: GrantStateSchema,
  },
  component('AdminPlayer'),
);
export const PlayerSearchSchema = Type.Object({ items: Type.Array(AdminPlayerSchema) }, component('AdminPlayerList'));

/** The fields of every outbox's write, whatever its kind (src/backend/admin/outbox-writes.ts). */
const OutboxWriteFields = {
  id: Type.Integer({ description: "The write's ID in its own outbox." }),
  playerId: Type.Union([Type.String(), Type.Null()], { description: "The player's current Play Games ID; null once the player is deleted." }),
  internalPlayerId: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('in_flight'), Type.Literal('failed'), Type.Literal('done'), Type.Literal('cancelled')], {
    description: 'Listed writes are pending, in flight or failed; a cancel answers the write as `cancelled`.',
  }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Number({ description: 'When a pending write is due (later than now: backing off, or parked until the player signs in again).' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'The last failure: why it is backing off, parked, or failed.' }),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
};

const AdminWriteSchema = Type.Object(
  {
    ...OutboxWriteFields,
    achievementId: Type.String(),
    type: UpdateTypeSchema,
    steps: Type.Optional(Type.Integer()),
  },
  component('AdminWrite'),
);

export const AdminPlayerDetailSchema = Type.Object(
  {
    player: AdminPlayerSchema,
    idHistory: Type.Array(Type.Object({ playerId: Type.String(), kind: Type.String(), firstSeenAt: Type.Number() })),
    identities: Type.Array(Type.Object({ provider: Type.String(), subject: Type.String(), linkedAt: Type.Number() })),
    grant: Type.Union([
      Type.Object({
        state: GrantStateSchema,
        status: Type.String(),
        scopes: Type.Array(Type.String()),
        hasRefreshToken: Type.Boolean(),
        accessTokenExpiresAt: Type.Number(),
        lastRefreshAt: Type.Union([Type.Number(), Type.Null()]),
        lastError: Type.Union([Type.String(), Type.Null()]),
        updatedAt: Type.Number(),
      }),
      Type.Null(),
    ]),
    sessions: Type.Array(
      Type.Object({ id: Type.String(), createdAt: Type.Number(), active: Type.Boolean(), revokedAt: Type.Union([Type.Number(), Type.Null()]), revokedReason: Type.Union([Type.String(), Type.Null()]) }),
    ),
    writes: Type.Array(AdminWriteSchema, { description: "The player's open and failed writes." }),
  },
  component('AdminPlayerDetail'),
);

export const RevokeAnswerSchema = Type.Object(
  {
    revokedSessions: Type.Integer(),
    googleRevoked: Type.Boolean({ description: 'Whether Google confirmed the revocation of the stored tokens; false when Google could not be reached (sessions are revoked anyway; try again).' }),
    grantState: GrantStateSchema,
  },
  component('RevokeAnswer'),
);

export const WriteListQuery = Type.Object(
  {
    status: Type.Union([Type.Literal('pending'), Type.Literal('in_flight'), Type.Literal('failed')]),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Default 100.' })),
  },
  { additionalProperties: false },
);
export const WriteListSchema = Type.Object(
  {
    counts: Type.Object({ pending: Type.Integer(), inFlight: Type.Integer(), failed: Type.Integer(), oldestPendingAgeMs: Type.Integer() }),
    items: Type.Array(AdminWriteSchema, { description: 'Pending and in-flight writes oldest first (queue order), failed ones newest first.' }),
  },
  component('AdminWriteList'),
);
export const WriteActionSchema = Type.Object({ write: AdminWriteSchema }, component('AdminWriteAction'));
export const CancelAnswerSchema = Type.Object({ cancelled: AdminWriteSchema }, component('AdminWriteCancelled'));

/** One outbox's depth (`OutboxStats` of src/store/store.ts), read from the store: every instance's. */
const OutboxDepth = Type.Object(
  { pending: Type.Integer(), inFlight: Type.Integer(), failed: Type.Integer(), oldestPendingAgeMs: Type.Integer() },
  component('AdminOutboxDepth'),
);

export const MetricsSchema = Type.Object(
  {
    at: Type.Number(),
    since: Type.Number({ description: 'When this instance started counting: the counters below are this instance’s since then.' }),
    signIns: Type.Object({ total: Type.Integer(), byOutcome: Type.Record(Type.String(), Type.Integer()) }),
    google: Type.Object({
      calls: Type.Integer(),
      errors: Type.Integer({ description: 'Calls answered with a status other than 2xx, or none (network, timeout).' }),
      operations: Type.Array(
        Type.Object({
          operation: Type.String(),
          calls: Type.Integer(),
          errors: Type.Integer(),
          meanMs: Type.Number(),
          p95Ms: Type.Union([Type.Number(), Type.Null()], { description: 'The upper bound of the histogram bucket holding the 95th percentile; null past the last bucket.' }),
        }),
      ),
    }),
    achievementWrites: Type.Record(Type.String(), Type.Integer(), { description: 'Writes accepted, by how they were answered (applied / pending).' }),
    scoreWrites: Type.Record(Type.String(), Type.Integer(), {
      description: 'Score submissions, by how they were answered (applied / pending, or the error code of a refusal such as SCORE_REJECTED).',
    }),
    eventWrites: Type.Record(Type.String(), Type.Integer(), { description: 'Event updates accepted, by how they were answered (applied / pending / failed).' }),
    // The achievement-write outbox, as `outboxes.achievements` (this field came first).
    outbox: OutboxDepth,
    outboxes: Type.Object({
      achievements: OutboxDepth,
      scores: OutboxDepth,
      events: OutboxDepth,
    }),
  },
  component('AdminMetrics'),
);

export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Default 100.' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Page back: entries older than this id.' })),
    target: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);
export const AuditLogSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        at: Type.Number(),
        actor: Type.String({ description: '`server-api-key`, or `console:<session tag>`.' }),
        action: Type.String({ description: 'e.g. `console.sign_in`, `player.revoke`, `outbox.retry`, `outbox.cancel` (achievement writes), `outbox.score.retry`, `outbox.event.cancel`.' }),
        target: Type.Union([Type.String(), Type.Null()]),
        outcome: Type.Union([Type.Literal('ok'), Type.Literal('refused')]),
        sourceIp: Type.Union([Type.String(), Type.Null()]),
        detail: Type.Unknown(),
      }),
    ),
  },
  component('AuditLog'),
);

export const AdminPlayerScoresSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        leaderboardId: Type.String(),
        name: Type.String(),
        items: OwnScoresSchema.properties.items,
      }),
      { description: "Every leaderboard the player sees, with the player's own scores on it per span (pending submissions included)." },
    ),
  },
  component('AdminPlayerScores'),
);

// The score and event outboxes, write by write (as `AdminWrite` for achievements).


export const AdminScoreWriteSchema = Type.Object(
  { ...OutboxWriteFields, leaderboardId: Type.String(), score: Type.Integer(), scoreTag: Type.Optional(Type.String()) },
  component('AdminScoreWrite'),
);
export const AdminEventWriteSchema = Type.Object(
  {
    ...OutboxWriteFields,
    eventId: Type.String(),
    count: Type.Integer(),
    batched: Type.Boolean({
      description: 'Sent in a batch whose answer is not settled: while pending it is resent as it was (Google may have counted it), so it cannot be cancelled.',
    }),
  },
  component('AdminEventWrite'),
);

export const AdminScoreWriteListSchema = Type.Object(
  { counts: OutboxDepth, items: Type.Array(AdminScoreWriteSchema, { description: 'Pending and in-flight scores oldest first (queue order), failed ones newest first.' }) },
  component('AdminScoreWriteList'),
);
export const AdminEventWriteListSchema = Type.Object(
  { counts: OutboxDepth, items: Type.Array(AdminEventWriteSchema, { description: 'Pending and in-flight event updates oldest first (queue order), failed ones newest first.' }) },
  component('AdminEventWriteList'),
);
export const ScoreWriteActionSchema = Type.Object({ write: AdminScoreWriteSchema }, component('AdminScoreWriteAction'));
export const ScoreCancelAnswerSchema = Type.Object({ cancelled: AdminScoreWriteSchema }, component('AdminScoreWriteCancelled'));
export const EventWriteActionSchema = Type.Object({ write: AdminEventWriteSchema }, component('AdminEventWriteAction'));
export const EventCancelAnswerSchema = Type.Object({ cancelled: AdminEventWriteSchema }, component('AdminEventWriteCancelled'));

export const AdminPlayerEventsSchema = Type.Object(
  {
    items: Type.Array(EventItemSchema, { description: "Every event the player may see, with their count as Google holds it, their updates not confirmed yet added in (`pendingCount`)." }),
    writes: Type.Array(AdminEventWriteSchema, { description: "The player's event updates in the outbox: in flight, pending, and failed." }),
  },
  component('AdminPlayerEvents'),
);
