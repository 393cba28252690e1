import { describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics.js';
import { metricsView } from './metrics-view.js';

describe('metricsView', () => {
  it('sums sign-ins and writes by outcome, counts Google errors (non-2xx and network), reads latency from the histogram, and shows the three outboxes', async () => {
    const metrics = createMetrics();
    metrics.signIns.inc({ outcome: 'created' }, 2);
    metrics.signIns.inc({ outcome: 'AUTH_CODE_INVALID' });
    metrics.googleCalls.inc({ operation: 'games.players.get', status: '200' }, 19);
    metrics.googleCalls.inc({ operation: 'games.players.get', status: '503' });
    metrics.googleCalls.inc({ operation: 'oauth.token.exchange', status: 'timeout' });
    // 19 calls at 20 ms, one at 800 ms: the mean is 59 ms; 95% of the calls (19) lie in the 25 ms bucket.
    for (let i = 0; i < 19; i += 1) metrics.googleCallDuration.observe({ operation: 'games.players.get' }, 0.02);
    metrics.googleCallDuration.observe({ operation: 'games.players.get' }, 0.8);
    metrics.googleCallDuration.observe({ operation: 'oauth.token.exchange' }, 30);
    metrics.achievementWrites.inc({ op: 'UNLOCK', outcome: 'applied' }, 3);
    metrics.achievementWrites.inc({ op: 'INCREMENT', outcome: 'applied' });
    metrics.scoreWrites.inc({ outcome: 'applied' }, 2);
    metrics.scoreWrites.inc({ outcome: 'SCORE_REJECTED' });
    metrics.eventWrites.inc({ outcome: 'pending' }, 4);
    const outbox = { pending: 1, inFlight: 0, failed: 2, oldestPendingAgeMs: 5 };
    const scores = { pending: 3, inFlight: 1, failed: 0, oldestPendingAgeMs: 7 };
    const events = { pending: 0, inFlight: 0, failed: 1, oldestPendingAgeMs: 0 };

    const store = { outboxStats: async () => outbox, scoreOutboxStats: async () => scores, eventOutboxStats: async () => events };
    const view = await metricsView(metrics, store, 2_000, 1_000);
    expect(view).toEqual({
      at: 2_000,
      since: 1_000,
      signIns: { total: 3, byOutcome: { created: 2, AUTH_CODE_INVALID: 1 } },
      google: {
        calls: 21,
        errors: 2,
        operations: [
          { operation: 'games.players.get', calls: 20, errors: 1, meanMs: 59, p95Ms: 25 },
          // Past the last bucket (10 s): no bound to name.
          { operation: 'oauth.token.exchange', calls: 1, errors: 1, meanMs: 30_000, p95Ms: null },
        ],
      },
      achievementWrites: { applied: 4 },
      scoreWrites: { applied: 2, SCORE_REJECTED: 1 },
      eventWrites: { pending: 4 },
      outbox,
      outboxes: { achievements: outbox, scores, events },
    });
  });
});
