/**
 * Google's wire shapes of the Games API v1 `events` resource (event definitions, the player's
 * counters and `events.record`), shared by the backend's clients and the emulator. Shapes follow
 * the discovery document (games-v1.json rev 20240529); every int64 travels as a string. Failures
 * of `events.record` come back inside a 200 answer, in `batchFailures` (a whole time period, or the
 * whole request when `range` is absent) and `eventFailures` (one event), not as HTTP errors.
 */
import type { Int64String } from './int64.js';

export const EVENT_VISIBILITIES = ['REVEALED', 'HIDDEN'] as const;
/** `HIDDEN`: "only shown to users that have recorded this event at least once". */
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number];

/** Why a time period (or the whole request, without a `range`) was not recorded. */
export const EVENT_BATCH_FAILURE_CAUSES = [
  'TOO_LARGE',
  'TIME_PERIOD_EXPIRED',
  'TIME_PERIOD_SHORT',
  'TIME_PERIOD_LONG',
  'ALREADY_UPDATED',
  'RECORD_RATE_HIGH',
] as const;
export type EventBatchFailureCause = (typeof EVENT_BATCH_FAILURE_CAUSES)[number];

/** Why one event of a period was not recorded. */
export const EVENT_FAILURE_CAUSES = ['NOT_FOUND', 'INVALID_UPDATE_VALUE'] as const;
export type EventFailureCause = (typeof EVENT_FAILURE_CAUSES)[number];

export interface EventChild {
  kind: 'games#eventChild';
  childId: string;
}

export interface EventDefinition {
  kind: 'games#eventDefinition';
  id: string;
  displayName: string;
  description?: string;
  imageUrl?: string;
  isDefaultImageUrl: boolean;
  visibility: EventVisibility;
  childEvents?: EventChild[];
}

export interface EventDefinitionListResponse {
  kind: 'games#eventDefinitionListResponse';
  items: EventDefinition[];
  nextPageToken?: string;
}

/** The player's counter of one event. */
export interface PlayerEvent {
  kind: 'games#playerEvent';
  definitionId: string;
  playerId: string;
  numEvents: Int64String;
  /** The count as the console's format shows it. */
  formattedNumEvents: string;
}

export interface PlayerEventListResponse {
  kind: 'games#playerEventListResponse';
  items: PlayerEvent[];
  nextPageToken?: string;
}

/** A time range in epoch milliseconds. */
export interface EventPeriodRange {
  kind?: 'games#eventPeriodRange';
  periodStartMillis: Int64String;
  periodEndMillis: Int64String;
}

export interface EventUpdateRequest {
  kind?: 'games#eventUpdateRequest';
  definitionId: string;
  /** How many times the event occurred in the period; must be positive. */
  updateCount: Int64String;
}

export interface EventPeriodUpdate {
  kind?: 'games#eventPeriodUpdate';
  timePeriod: EventPeriodRange;
  updates: EventUpdateRequest[];
}

/** The body of `events.record`. */
export interface EventRecordRequest {
  kind?: 'games#eventRecordRequest';
  /** The sender's clock when it sent the request, epoch ms. */
  currentTimeMillis: Int64String;
  /** Chosen by the sender; a request seen before answers `ALREADY_UPDATED` and records nothing. */
  requestId?: Int64String;
  timePeriods: EventPeriodUpdate[];
}

export interface EventBatchRecordFailure {
  kind: 'games#eventBatchRecordFailure';
  failureCause: EventBatchFailureCause;
  /** The period refused; absent for a request-wide failure. */
  range?: EventPeriodRange;
}

export interface EventRecordFailure {
  kind: 'games#eventRecordFailure';
  eventId: string;
  failureCause: EventFailureCause;
}

export interface EventUpdateResponse {
  kind: 'games#eventUpdateResponse';
  /** The counters of the events the request named, after it. */
  playerEvents: PlayerEvent[];
  batchFailures?: EventBatchRecordFailure[];
  eventFailures?: EventRecordFailure[];
}
