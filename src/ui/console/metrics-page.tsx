/**
 * The metrics that matter, live (every 2 s): sign-ins, Google calls with errors and latency,
 * writes by answer, and the depth of the three outboxes; each counter also shows how much it moved
 * since the previous sample.
 */
import { useEffect, useRef } from 'preact/hooks';
import { LoadError, Table, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { api, dataOf, type Schemas } from './api.js';

type Metrics = Schemas['AdminMetrics'];

function Stat(props: { label: string; value: number | string; delta?: number; testId?: string }) {
  return (
    <section class="panel" aria-label={props.label}>
      <div class="muted">{props.label}</div>
      <div class="stat" data-testid={props.testId}>
        {props.value}
      </div>
      {props.delta === undefined ? null : <div class="muted">{props.delta === 0 ? 'no change' : `+${props.delta} in the last sample`}</div>}
    </section>
  );
}

export function MetricsPage() {
  const metrics = useLoader(() => dataOf(api.GET('/v1/admin/metrics')), [], 2_000);
  const previous = useRef<Metrics | undefined>(undefined);
  const current = metrics.data;
  const before = previous.current;
  useEffect(() => {
    previous.current = current;
  }, [current]);
  const total = (pick: (depth: Metrics['outbox']) => number) =>
    current === undefined ? 0 : Object.values(current.outboxes).reduce((sum, depth) => sum + pick(depth), 0);
  const delta = (pick: (m: Metrics) => number) => (current === undefined || before === undefined ? undefined : pick(current) - pick(before));
  return (
    <>
      <h1>Metrics</h1>
      <LoadError error={metrics.error} />
      {current === undefined ? null : (
        <>
          <p class="muted">
            This instance, counted since <Time value={current.since} />; the outboxes are read from the store (every instance). Prometheus text: <a href="/metrics">/metrics</a>.
          </p>
          <div class="grid stats">
            <Stat label="Sign-ins" value={current.signIns.total} delta={delta((m) => m.signIns.total)} testId="sign-ins" />
            <Stat label="Google calls" value={current.google.calls} delta={delta((m) => m.google.calls)} />
            <Stat label="Google errors" value={current.google.errors} delta={delta((m) => m.google.errors)} testId="google-errors" />
            <Stat label="Writes pending (all outboxes)" value={total((d) => d.pending)} testId="metrics-outbox-pending" />
            <Stat label="Writes in flight" value={total((d) => d.inFlight)} />
            <Stat label="Writes failed" value={total((d) => d.failed)} />
          </div>
          <div class="grid">
            <Table
              caption="Sign-ins by outcome"
              headers={['Outcome', 'Count']}
              numeric={[1]}
              rows={Object.entries(current.signIns.byOutcome).map(([outcome, count]) => [outcome, String(count)])}
            />
            <Table
              caption="Writes by answer"
              headers={['Kind', 'Answer', 'Count']}
              numeric={[2]}
              rows={(
                [
                  ['Achievement writes', current.achievementWrites],
                  ['Scores', current.scoreWrites],
                  ['Event updates', current.eventWrites],
                ] as const
              ).flatMap(([kind, byOutcome]) => Object.entries(byOutcome).map(([outcome, count]) => [kind, outcome, String(count)]))}
            />
          </div>
          <Table
            caption="Outboxes"
            headers={['Outbox', 'Pending', 'In flight', 'Failed', 'Oldest pending']}
            numeric={[1, 2, 3, 4]}
            rows={(
              [
                ['Achievement writes', current.outboxes.achievements],
                ['Scores', current.outboxes.scores],
                ['Event updates', current.outboxes.events],
              ] as const
            ).map(([kind, depth]) => [
              kind,
              String(depth.pending),
              String(depth.inFlight),
              String(depth.failed),
              depth.pending === 0 ? '–' : `${Math.round(depth.oldestPendingAgeMs / 1000)} s`,
            ])}
          />
          <Table
            caption="Google calls by operation"
            headers={['Operation', 'Calls', 'Errors', 'Mean (ms)', 'p95 (ms, bucket bound)']}
            numeric={[1, 2, 3, 4]}
            rows={current.google.operations.map((op) => [
              <code>{op.operation}</code>,
              String(op.calls),
              String(op.errors),
              op.meanMs.toFixed(1),
              op.p95Ms === null ? '> 10000' : String(op.p95Ms),
            ])}
          />
        </>
      )}
    </>
  );
}
