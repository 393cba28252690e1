/**
 * The live request log (`GET /emulator/v1/requests`, refreshed every second): what the backend,
 * or any client, asked the emulator's Google side, filterable by player and by API. The log
 * redacts secrets before it stores an entry; control calls are not in it.
 */
import { useState } from 'preact/hooks';
import type { RequestLogEntry } from '../../emulator/request-log.js';
import { ActionButton, Badge, LoadError, Table, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { control } from './control.js';

/** The APIs the log's operation names start with. */
const APIS = [
  { prefix: '', label: 'All APIs' },
  { prefix: 'oauth.', label: 'OAuth (token, revoke, certs)' },
  { prefix: 'games.', label: 'Games API' },
  { prefix: 'management.', label: 'Management API' },
  { prefix: 'recall.', label: 'Recall' },
  { prefix: 'discovery.', label: 'Discovery' },
];

function statusTone(entry: RequestLogEntry): 'ok' | 'warn' | 'bad' {
  if (entry.dropped === true || entry.status >= 500 || entry.status === 0) return 'bad';
  return entry.status >= 400 ? 'warn' : 'ok';
}

export function RequestsPage() {
  const [playerId, setPlayerId] = useState('');
  const [api, setApi] = useState('');
  const [live, setLive] = useState(true);
  const players = useLoader(() => control.players(), [], 10_000);
  const log = useLoader(() => control.requests(playerId === '' ? {} : { playerId }), [playerId], live ? 1_000 : undefined);
  const shown = (log.data ?? []).filter((entry) => entry.operation.startsWith(api)).reverse();
  const names = new Map((players.data ?? []).map((player) => [player.playerId, player.displayName]));
  return (
    <>
      <h1>Requests</h1>
      <form class="inline" onSubmit={(e) => e.preventDefault()} aria-label="Filter the request log">
        <label>
          Player
          <select value={playerId} onChange={(e) => setPlayerId(e.currentTarget.value)}>
            <option value="">Every player</option>
            {(players.data ?? []).map((player) => (
              <option key={player.playerId} value={player.playerId}>
                {player.displayName} ({player.playerId})
              </option>
            ))}
          </select>
        </label>
        <label>
          API
          <select value={api} onChange={(e) => setApi(e.currentTarget.value)}>
            {APIS.map((item) => (
              <option key={item.prefix} value={item.prefix}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> Live (every second)
        </label>
        <ActionButton
          label="Clear the log"
          kind="secondary"
          action={async () => {
            await control.clearRequests();
            log.reload();
          }}
        />
      </form>
      <LoadError error={log.error} />
      <div class="scroll">
        <Table
          caption={`${shown.length} requests, newest first (secrets redacted)`}
          headers={['Time', 'Method', 'Path', 'Operation', 'Player', 'Status', 'ms', 'Fault']}
          numeric={[6]}
          empty="No requests match."
          rowKeys={shown.map((entry) => entry.id)}
          rows={shown.map((entry) => [
            <Time value={entry.time} />,
            entry.method,
            <code>{entry.path}</code>,
            <code>{entry.operation}</code>,
            entry.playerId === undefined ? <span class="muted">–</span> : <span title={entry.playerId}>{names.get(entry.playerId) ?? entry.playerId}</span>,
            <Badge tone={statusTone(entry)}>{entry.dropped === true ? 'dropped' : String(entry.status)}</Badge>,
            entry.durationMs.toFixed(1),
            entry.fault === undefined ? '–' : <code>{entry.fault}</code>,
          ])}
        />
      </div>
    </>
  );
}
