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

/**
 * A row of tabs as the WAI-ARIA tabs pattern has them (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/):
 * one tab stop, the selected tab; the arrow keys, Home and End select and focus another.
 */
function Tabs<T extends string>(props: { id: string; panelId: string; label: string; items: ReadonlyArray<{ value: T; label: string }>; selected: T; onSelect: (value: T) => void }) {
  const { items } = props;
  const onKeyDown = (event: KeyboardEvent) => {
    const at = items.findIndex((item) => item.value === props.selected);
    const next =
      event.key === 'ArrowRight' ? (at + 1) % items.length
      : event.key === 'ArrowLeft' ? (at - 1 + items.length) % items.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? items.length - 1
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    props.onSelect(items[next]!.value);
    document.getElementById(`${props.id}-${items[next]!.value}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} class="row spaced" onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.value}
          id={`${props.id}-${item.value}`}
          type="button"
          role="tab"
          aria-selected={props.selected === item.value}
          aria-controls={props.panelId}
          tabIndex={props.selected === item.value ? 0 : -1}
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
      <Tabs id="outbox-kind" panelId="outbox-panel" label="Outbox" items={KINDS.map((item) => ({ value: item.kind, label: item.label }))} selected={kind} onSelect={setKind} />
      <Tabs id="outbox-status" panelId="outbox-panel" label="Write status" items={STATUSES.map((item) => ({ value: item.status, label: item.label }))} selected={status} onSelect={setStatus} />
      {/* One panel for both rows of tabs: the outbox chosen above, in the status chosen below it. */}
      <div id="outbox-panel" role="tabpanel" aria-labelledby={`outbox-kind-${kind} outbox-status-${status}`}>
        {kind === 'achievements' ? <AchievementOutbox status={status} /> : kind === 'scores' ? <ScoreOutbox status={status} /> : <EventOutbox status={status} />}
      </div>
    </>
  );
}
