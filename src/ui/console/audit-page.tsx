/** The audit log: every operator action, newest first, paged back with "Older". */
import { useState } from 'preact/hooks';
import { Badge, LoadError, Table, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { api, dataOf } from './api.js';

const PAGE = 50;

export function AuditPage() {
  const [before, setBefore] = useState<number | undefined>(undefined);
  const entries = useLoader(
    () => dataOf(api.GET('/v1/admin/audit-log', { params: { query: { limit: PAGE, ...(before === undefined ? {} : { before }) } } })),
    [before],
    before === undefined ? 5_000 : undefined,
  );
  const items = entries.data?.items ?? [];
  return (
    <>
      <h1>Audit log</h1>
      <p class="muted">Every sign-in to this console, failed ones too, and every operator action through the admin API, with who, from where and what it changed.</p>
      <LoadError error={entries.error} />
      <Table
        caption={before === undefined ? 'Newest first' : `Older than entry ${before}`}
        headers={['#', 'When', 'Who', 'From', 'Action', 'Target', 'Outcome', 'Detail']}
        empty="No entries."
        rowKeys={items.map((entry) => String(entry.id))}
        rows={items.map((entry) => [
          String(entry.id),
          <Time value={entry.at} />,
          <code>{entry.actor}</code>,
          entry.sourceIp ?? '–',
          entry.action,
          entry.target === null ? '–' : <code>{entry.target}</code>,
          <Badge tone={entry.outcome === 'ok' ? 'ok' : 'bad'}>{entry.outcome}</Badge>,
          entry.detail === null ? '–' : <code>{JSON.stringify(entry.detail)}</code>,
        ])}
      />
      <p class="row">
        {before === undefined ? null : (
          <button type="button" class="secondary" onClick={() => setBefore(undefined)}>
            Newest
          </button>
        )}
        {items.length === PAGE ? (
          <button type="button" class="secondary" onClick={() => setBefore(items.at(-1)!.id)}>
            Older
          </button>
        ) : null}
      </p>
    </>
  );
}
