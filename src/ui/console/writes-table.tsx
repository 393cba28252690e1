/**
 * Outbox writes with their reason, and the operator's retry (failed ones) and cancel (pending or
 * failed ones): achievement writes, scores and event updates, each from its own outbox.
 */
import type { ComponentChildren } from 'preact';
import { ActionButton, Badge, Table, Time } from '../common/components.js';
import { api, dataOf, type Schemas } from './api.js';

type Write = Schemas['AdminWrite'];
type ScoreWrite = Schemas['AdminScoreWrite'];
type EventWrite = Schemas['AdminEventWrite'];
/** What the three outboxes' writes have in common. */
type AnyWrite = Write | ScoreWrite | EventWrite;

function StatusBadge(props: { write: AnyWrite }) {
  const { status, nextAttemptAt } = props.write;
  if (status === 'failed') return <Badge tone="bad">failed</Badge>;
  if (status === 'in_flight') return <Badge tone="warn">in flight</Badge>;
  if (status === 'cancelled') return <Badge tone="muted">cancelled</Badge>;
  if (status === 'done') return <Badge tone="ok">done</Badge>;
  return <Badge tone={nextAttemptAt > Date.now() ? 'warn' : 'muted'}>{nextAttemptAt > Date.now() ? 'pending (waiting)' : 'pending (due)'}</Badge>;
}

interface OutboxTableProps<W extends AnyWrite> {
  caption: string;
  writes: W[];
  onChanged: () => void;
  showPlayer?: boolean | undefined;
  /** The columns that say what the write is, between the player and its status. */
  columns: Array<{ header: string; cell: (write: W) => ComponentChildren }>;
  /** How a write of this outbox is named on its buttons, e.g. "write", "score". */
  noun: string;
  retry: (id: number) => Promise<unknown>;
  cancel: (id: number) => Promise<unknown>;
  /** Whether the Cancel button is offered (default: pending or failed). */
  cancellable?: (write: W) => boolean;
}

function OutboxTable<W extends AnyWrite>(props: OutboxTableProps<W>) {
  const retry = async (id: number) => {
    await props.retry(id);
    props.onChanged();
  };
  const cancel = async (id: number) => {
    await props.cancel(id);
    props.onChanged();
  };
  const cancellable = props.cancellable ?? ((write: W) => write.status === 'pending' || write.status === 'failed');
  const headers = ['ID', ...(props.showPlayer === false ? [] : ['Player']), ...props.columns.map((column) => column.header), 'Status', 'Attempts', 'Reason', 'Next attempt', 'Created', 'Actions'];
  return (
    <Table
      caption={props.caption}
      headers={headers}
      empty="None."
      rowKeys={props.writes.map((write) => String(write.id))}
      rows={props.writes.map((write) => [
        String(write.id),
        ...(props.showPlayer === false
          ? []
          : [write.playerId === null ? <span class="muted">deleted</span> : <a href={`#/players/${encodeURIComponent(write.internalPlayerId)}`}>{write.playerId}</a>]),
        ...props.columns.map((column) => column.cell(write)),
        <StatusBadge write={write} />,
        String(write.attempts),
        write.reason ?? <span class="muted">–</span>,
        write.status === 'pending' ? <Time value={write.nextAttemptAt} /> : <span class="muted">–</span>,
        <Time value={write.createdAt} />,
        <span class="row">
          {write.status === 'failed' ? <ActionButton label="Retry" name={`Retry ${props.noun} ${write.id}`} action={() => retry(write.id)} /> : null}
          {cancellable(write) ? (
            <ActionButton label="Cancel" kind="danger" name={`Cancel ${props.noun} ${write.id}`} confirm={`Cancel ${props.noun} ${write.id}? It will never be sent.`} action={() => cancel(write.id)} />
          ) : null}
        </span>,
      ])}
    />
  );
}

interface TableProps<W> {
  caption: string;
  writes: W[];
  onChanged: () => void;
  showPlayer?: boolean;
}

const pathOf = (writeId: number) => ({ params: { path: { writeId } } });

/** Achievement writes. */
export function WritesTable(props: TableProps<Write>) {
  return (
    <OutboxTable
      {...props}
      noun="write"
      columns={[
        { header: 'Achievement', cell: (write) => <code>{write.achievementId}</code> },
        { header: 'Write', cell: (write) => (write.steps === undefined ? write.type : `${write.type} ${write.steps}`) },
      ]}
      retry={(id) => dataOf(api.POST('/v1/admin/outbox/writes/{writeId}/retry', pathOf(id)))}
      cancel={(id) => dataOf(api.POST('/v1/admin/outbox/writes/{writeId}/cancel', pathOf(id)))}
    />
  );
}

/** Leaderboard scores. */
export function ScoreWritesTable(props: TableProps<ScoreWrite>) {
  return (
    <OutboxTable
      {...props}
      noun="score"
      columns={[
        { header: 'Leaderboard', cell: (write) => <code>{write.leaderboardId}</code> },
        { header: 'Score', cell: (write) => (write.scoreTag === undefined ? String(write.score) : `${write.score} (tag ${write.scoreTag})`) },
      ]}
      retry={(id) => dataOf(api.POST('/v1/admin/outbox/scores/{writeId}/retry', pathOf(id)))}
      cancel={(id) => dataOf(api.POST('/v1/admin/outbox/scores/{writeId}/cancel', pathOf(id)))}
    />
  );
}

/** Event updates; a pending one of a batch whose answer was lost is resent as it was, so it offers no Cancel. */
export function EventWritesTable(props: TableProps<EventWrite>) {
  return (
    <OutboxTable
      {...props}
      noun="event update"
      columns={[
        { header: 'Event', cell: (write) => <code>{write.eventId}</code> },
        { header: 'Count', cell: (write) => (write.batched && write.status === 'pending' ? <span>+{write.count} <span class="muted">(sent, answer lost)</span></span> : `+${write.count}`) },
      ]}
      cancellable={(write) => write.status === 'failed' || (write.status === 'pending' && !write.batched)}
      retry={(id) => dataOf(api.POST('/v1/admin/outbox/events/{writeId}/retry', pathOf(id)))}
      cancel={(id) => dataOf(api.POST('/v1/admin/outbox/events/{writeId}/cancel', pathOf(id)))}
    />
  );
}
