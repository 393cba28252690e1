/**
 * The metrics that matter to an operator, as JSON for the console's live view: sign-ins by
 * outcome, Google calls with their errors and latency per operation, writes by answer, and the
 * depth of the three outboxes (achievement writes, scores, event updates; read from the store, so
 * it holds across instances). The counters come from this instance's
 * Prometheus registry (`../metrics.ts`), the same numbers `/metrics` serves.
 */
import type { Store } from '../../store/store.js';
import type { BackendMetrics } from '../metrics.js';

interface MetricValue {
  labels: Partial<Record<string, string | number>>;
  value: number;
  metricName?: string;
}

async function valuesOf(metric: { get(): Promise<{ values: MetricValue[] }> | { values: MetricValue[] } }): Promise<MetricValue[]> {
  return (await metric.get()).values;
}

function sumBy(values: readonly MetricValue[], label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { labels, value } of values) {
    const key = String(labels[label] ?? 'unknown');
    out[key] = (out[key] ?? 0) + value;
  }
  return out;
}

/** Whether a `status` label of a Google call is an error: anything but 2xx (a network failure or timeout has a word). */
function isError(status: string | number | undefined): boolean {
  return !/^2\d\d$/.test(String(status ?? ''));
}

/** The upper bound (ms) of the first bucket holding at least 95% of the calls; null when only +Inf does. */
function p95Ms(buckets: ReadonlyArray<{ le: number; count: number }>, total: number): number | null {
  if (total === 0) return null;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const bucket = sorted.find((b) => b.count >= total * 0.95);
  return bucket === undefined || !Number.isFinite(bucket.le) ? null : bucket.le * 1000;
}

export async function metricsView(
  metrics: BackendMetrics,
  store: Pick<Store, 'outboxStats' | 'scoreOutboxStats' | 'eventOutboxStats'>,
  now: number,
  since: number,
) {
  const [signIns, calls, durations, writes, scoreWrites, eventWrites, outbox, scoreOutbox, eventOutbox] = await Promise.all([
    valuesOf(metrics.signIns),
    valuesOf(metrics.googleCalls),
    valuesOf(metrics.googleCallDuration),
    valuesOf(metrics.achievementWrites),
    valuesOf(metrics.scoreWrites),
    valuesOf(metrics.eventWrites),
    store.outboxStats(now),
    store.scoreOutboxStats(now),
    store.eventOutboxStats(now),
  ]);
  const byOutcome = sumBy(signIns, 'outcome');
  const operations = new Map<string, { calls: number; errors: number; sumSeconds: number; count: number; buckets: Array<{ le: number; count: number }> }>();
  const entry = (operation: string) => {
    let found = operations.get(operation);
    if (!found) operations.set(operation, (found = { calls: 0, errors: 0, sumSeconds: 0, count: 0, buckets: [] }));
    return found;
  };
  for (const { labels, value } of calls) {
    const op = entry(String(labels.operation ?? 'unknown'));
    op.calls += value;
    if (isError(labels.status)) op.errors += value;
  }
  for (const { labels, value, metricName } of durations) {
    const op = entry(String(labels.operation ?? 'unknown'));
    if (metricName?.endsWith('_sum')) op.sumSeconds += value;
    else if (metricName?.endsWith('_count')) op.count += value;
    else if (metricName?.endsWith('_bucket')) op.buckets.push({ le: labels.le === '+Inf' ? Infinity : Number(labels.le), count: value });
  }
  const list = [...operations.entries()]
    .map(([operation, op]) => ({
      operation,
      calls: op.calls,
      errors: op.errors,
      meanMs: op.count === 0 ? 0 : Math.round((op.sumSeconds / op.count) * 1_000_000) / 1000,
      p95Ms: p95Ms(op.buckets, op.count),
    }))
    .sort((a, b) => a.operation.localeCompare(b.operation));
  return {
    at: now,
    since,
    signIns: { total: Object.values(byOutcome).reduce((a, b) => a + b, 0), byOutcome },
    google: { calls: list.reduce((a, op) => a + op.calls, 0), errors: list.reduce((a, op) => a + op.errors, 0), operations: list },
    achievementWrites: sumBy(writes, 'outcome'),
    scoreWrites: sumBy(scoreWrites, 'outcome'),
    eventWrites: sumBy(eventWrites, 'outcome'),
    outbox,
    outboxes: { achievements: outbox, scores: scoreOutbox, events: eventOutbox },
  };
}
