/**
 * What the event sender makes of each kind of `events.record` answer, with a scripted Google and
 * a real store: recorded, ALREADY_UPDATED (an earlier send counted), a refused period or event
 * (failed for good), a request refused unapplied (retried with a new requestId), and an HTTP
 * failure (retried as the same batch).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordEventsRequest } from '../../google/games-client.js';
import { GoogleApiError } from '../../google/errors.js';
import type { EventUpdateResponse } from '../../google/wire/events.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { EventSender } from './event-sender.js';

const NOW = Date.UTC(2026, 2, 1, 10, 0, 30);
let store: Store;
let playerId: string;
let sent: RecordEventsRequest[];
let answer: () => Promise<EventUpdateResponse>;

beforeEach(async () => {
  store = await openStore('sqlite::memory:', { clock: () => NOW });
  playerId = (await store.upsertPlayerOnSignIn({ applicationId: 'app', playerId: 'g1', displayName: 'Ada' })).player.id;
  sent = [];
});
afterEach(() => store.close());

function sender(): EventSender {
  return new EventSender({
    store,
    games: {
      recordEvents: (_token, request) => {
        sent.push(request);
        return answer();
      },
    },
    vault: { withAccessToken: (_player, fn) => fn('token') },
    metrics: createMetrics(),
    logger: createLogger('silent'),
    now: () => NOW,
    googleTimeoutMs: 1000,
    backoff: { baseMs: 1, maxMs: 1 },
  });
}

async function claimBatch() {
  await store.enqueueEventWrites(playerId, [{ eventId: 'a', count: 2 }, { eventId: 'b', count: 1 }, { eventId: 'a', count: 3 }]);
  const [batch] = await store.claimDueEventBatches({ now: NOW, leaseMs: 10_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
  return batch!;
}

const playerEvent = (definitionId: string, numEvents: string) => ({ kind: 'games#playerEvent' as const, definitionId, playerId: 'g1', numEvents, formattedNumEvents: numEvents });

describe('EventSender.settle', () => {
  it('sends one events.record with the batch’s requestId and period, and completes what Google recorded', async () => {
    const batch = await claimBatch();
    answer = async () => ({ kind: 'games#eventUpdateResponse', playerEvents: [playerEvent('a', '5'), playerEvent('b', '1')] });
    const settlement = await sender().settle(batch, { deadlineMs: 1000 });
    expect(sent).toEqual([
      {
        currentTimeMillis: NOW,
        requestId: batch.requestId,
        timePeriods: [
          {
            timePeriod: { periodStartMillis: String(NOW - 30_000), periodEndMillis: String(NOW + 30_000) },
            updates: [
              { definitionId: 'a', updateCount: '5' },
              { definitionId: 'b', updateCount: '1' },
            ],
          },
        ],
      },
    ]);
    expect(settlement.done).toHaveLength(3);
    expect([...settlement.counts]).toEqual([['a', 5], ['b', 1]]);
    expect(await store.pendingEventWritesForPlayer(playerId)).toEqual([]);
  });

  it('takes ALREADY_UPDATED as counted: every write done', async () => {
    const batch = await claimBatch();
    answer = async () => ({ kind: 'games#eventUpdateResponse', playerEvents: [], batchFailures: [{ kind: 'games#eventBatchRecordFailure', failureCause: 'ALREADY_UPDATED' }] });
    expect((await sender().settle(batch, { deadlineMs: 1000 })).done).toHaveLength(3);
    expect(await store.pendingEventWritesForPlayer(playerId)).toEqual([]);
  });

  it('fails for good the writes of a refused period or event, completes the rest', async () => {
    const batch = await claimBatch();
    answer = async () => ({
      kind: 'games#eventUpdateResponse',
      playerEvents: [playerEvent('a', '5')],
      eventFailures: [{ kind: 'games#eventRecordFailure', eventId: 'b', failureCause: 'NOT_FOUND' }],
    });
    const settlement = await sender().settle(batch, { deadlineMs: 1000 });
    expect([...settlement.failed.values()]).toEqual(['NOT_FOUND']);
    expect(settlement.done).toHaveLength(2);
    expect((await store.eventOutboxStats(NOW)).failed).toBe(1);

    const old = await claimBatchAt();
    answer = async () => ({
      kind: 'games#eventUpdateResponse',
      playerEvents: [],
      batchFailures: [{ kind: 'games#eventBatchRecordFailure', failureCause: 'TIME_PERIOD_EXPIRED', range: { kind: 'games#eventPeriodRange', ...sent.at(-1)!.timePeriods[0]!.timePeriod } }],
    });
    const expired = await sender().settle(old, { deadlineMs: 1000 });
    // The answer names the period of the request just sent.
    expect({ failed: [...expired.failed.values()], done: expired.done }).toEqual({ failed: ['TIME_PERIOD_EXPIRED'], done: [] });
    expect((await store.eventOutboxStats(NOW)).failed).toBe(2);
  });

  it('retries a request refused unapplied (RECORD_RATE_HIGH) with a new requestId, and an HTTP failure with the same', async () => {
    const batch = await claimBatch();
    answer = async () => ({ kind: 'games#eventUpdateResponse', playerEvents: [], batchFailures: [{ kind: 'games#eventBatchRecordFailure', failureCause: 'RECORD_RATE_HIGH' }] });
    expect((await sender().settle(batch, { deadlineMs: 1000 })).pending).toHaveLength(3);
    expect((await store.pendingEventWritesForPlayer(playerId)).map((w) => w.requestId)).toEqual([null, null, null]);

    const [again] = await store.claimDueEventBatches({ now: NOW + 10, leaseMs: 10_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
    expect(again!.requestId).not.toBe(batch.requestId);
    answer = () => Promise.reject(new GoogleApiError({ operation: 'games.events.record', status: 503, reason: 'backendError', message: 'unavailable' }));
    expect((await sender().settle(again!, { deadlineMs: 1000 })).pending).toHaveLength(3);
    expect((await store.pendingEventWritesForPlayer(playerId)).map((w) => w.requestId)).toEqual([again!.requestId, again!.requestId, again!.requestId]);
  });
});

/** A second batch of the player, claimed after the first settled. */
async function claimBatchAt() {
  await store.enqueueEventWrites(playerId, [{ eventId: 'a', count: 1 }]);
  const [batch] = await store.claimDueEventBatches({ now: NOW, leaseMs: 10_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
  return batch!;
}
