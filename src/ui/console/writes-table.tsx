/** Outbox writes with their reason, and the operator's retry (failed ones) and cancel (pending or failed ones). */
import { ActionButton, Badge, Table, Time } from '../common/components.js';
import { api, dataOf, type Schemas } from './api.js';

type Write = Schemas['AdminWrite'];

function StatusBadge(props: { write: Write }) {
  const { status, nextAttemptAt } = props.write;
  if (status === 'failed') return <Badge tone="bad">failed</Badge>;
  if (status === 'in_flight') return <Badge tone="warn">in flight</Badge>;
  return <Badge tone={nextAttemptAt > Date.now() ? 'warn' : 'muted'}>{nextAttemptAt > Date.now() ? 'pending (waiting)' : 'pending (due)'}</Badge>;
}

export function WritesTable(props: { caption: string; writes: Write[]; onChanged: () => void; showPlayer?: boolean }) {
  const retry = async (id: number) => {
    await dataOf(api.POST('/v1/admin/outbox/writes/{writeId}/retry', { params: { path: { writeId: id } } }));
    props.onChanged();
  };
  const cancel = async (id: number) => {
    await dataOf(api.POST('/v1/admin/outbox/writes/{writeId}/cancel', { params: { path: { writeId: id } } }));
    props.onChanged();
  };
  const headers = ['ID', ...(props.showPlayer === false ? [] : ['Player']), 'Achievement', 'Write', 'Status', 'Attempts', 'Reason', 'Next attempt', 'Created', 'Actions'];
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
        <code>{write.achievementId}</code>,
        write.steps === undefined ? write.type : `${write.type} ${write.steps}`,
        <StatusBadge write={write} />,
        String(write.attempts),
        write.reason ?? <span class="muted">–</span>,
        write.status === 'pending' ? <Time value={write.nextAttemptAt} /> : <span class="muted">–</span>,
        <Time value={write.createdAt} />,
        <span class="row">
          {write.status === 'failed' ? <ActionButton label="Retry" name={`Retry write ${write.id}`} action={() => retry(write.id)} /> : null}
          {write.status === 'in_flight' ? null : (
            <ActionButton label="Cancel" kind="danger" name={`Cancel write ${write.id}`} confirm={`Cancel write ${write.id}? It will never be sent.`} action={() => cancel(write.id)} />
          )}
        </span>,
      ])}
    />
  );
}
