/**
 * The write outboxes, live: achievement writes, scores and event updates, each pending, in flight
 * or failed with its reason, and retry or cancel.
 */
import { useState } from 'preact/hooks';
import { LoadError } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { api, dataOf, type Schemas } from './api.js';
import { EventWritesTable, ScoreWritesTable, WritesTable } from './writes-table.js';

const STATUSES = [
  { status: 'pending', label: 'Pending' },
  { status: 'in_flight', label: 'In flight' },
  { status: 'failed', label: 'Failed' },
] as const;
type Status = (typeof STATUSES)[number]['status'];

const KINDS = [
  { kind: 'achievements', label: 'Achievement writes' },
  { kind: 'scores', label: 'Scores' },
  { kind: 'events', label: 'Event updates' },
] as const;
type Kind = (typeof KINDS)[number]['kind'];

type Counts = Schemas['AdminWriteList']['counts'];

const REFRESH_MS = 2_000;

function Tabs<T extends string>(props: { label: string; items: ReadonlyArray<{ value: T; label: string }>; selected: T; onSelect: (value: T) => void }) {
  return (
    <div role="tablist" aria-label={props.label} class="row spaced">
      {props.items.map((item) => (
        <button
          key={item.value}
          type="button"
          role="tab"
          aria-selected={props.selected === item.value}
          class={props.selected === item.value ? undefined : 'secondary'}
          onClick={() => props.onSelect(item.value)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

function CountPanels(props: { counts: Counts | undefined; noun: string }) {
  const { counts } = props;
  return (
    <div class="grid stats">
      {STATUSES.map((item) => (
        <section class="panel" key={item.status} aria-label={`${item.label} ${props.noun}`}>
          <div class="muted">{item.label}</div>
          <div class="stat" data-testid={`outbox-${item.status}`}>
            {counts === undefined ? '…' : String(item.status === 'pending' ? counts.pending : item.status === 'in_flight' ? counts.inFlight : counts.failed)}
          </div>
        </section>
      ))}
      <section class="panel" aria-label={`Oldest open ${props.noun}`}>
        <div class="muted">Oldest open</div>
        <div class="stat">{counts === undefined ? '…' : `${Math.round(counts.oldestPendingAgeMs / 1000)} s`}</div>
      </section>
    </div>
  );
}

const statusLabel = (status: Status) => STATUSES.find((item) => item.status === status)!.label;

function AchievementOutbox(props: { status: Status }) {
  const { status } = props;
  const writes = useLoader(() => dataOf(api.GET('/v1/admin/outbox/writes', { params: { query: { status, limit: 200 } } })), [status], REFRESH_MS);
  return (
    <>
      <CountPanels counts={writes.data?.counts} noun="achievement writes" />
      <LoadError error={writes.error} />
      <WritesTable caption={`${statusLabel(status)} achievement writes`} writes={writes.data?.items ?? []} onChanged={writes.reload} />
    </>
  );
}

function ScoreOutbox(props: { status: Status }) {
  const { status } = props;
  const writes = useLoader(() => dataOf(api.GET('/v1/admin/outbox/scores', { params: { query: { status, limit: 200 } } })), [status], REFRESH_MS);
  return (
    <>
      <CountPanels counts={writes.data?.counts} noun="scores" />
      <LoadError error={writes.error} />
      <ScoreWritesTable caption={`${statusLabel(status)} scores`} writes={writes.data?.items ?? []} onChanged={writes.reload} />
    </>
  );
}

function EventOutbox(props: { status: Status }) {
  const { status } = props;
  const writes = useLoader(() => dataOf(api.GET('/v1/admin/outbox/events', { params: { query: { status, limit: 200 } } })), [status], REFRESH_MS);
  return (
    <>
      <CountPanels counts={writes.data?.counts} noun="event updates" />
      <LoadError error={writes.error} />
      <EventWritesTable caption={`${statusLabel(status)} event updates`} writes={writes.data?.items ?? []} onChanged={writes.reload} />
    </>
  );
}

export function OutboxPage() {
  const [kind, setKind] = useState<Kind>('achievements');
  const [status, setStatus] = useState<Status>('pending');
  return (
    <>
      <h1>Outbox</h1>
      <p class="muted">
        Every achievement write, score and event update is stored before it is sent; a worker per outbox sends pending ones with backoff until Google settles them. Refreshed every 2 s.
      </p>
      <Tabs label="Outbox" items={KINDS.map((item) => ({ value: item.kind, label: item.label }))} selected={kind} onSelect={setKind} />
      <Tabs label="Write status" items={STATUSES.map((item) => ({ value: item.status, label: item.label }))} selected={status} onSelect={setStatus} />
      {kind === 'achievements' ? <AchievementOutbox status={status} /> : kind === 'scores' ? <ScoreOutbox status={status} /> : <EventOutbox status={status} />}
    </>
  );
}
