/** The write outbox, live: pending, in flight and failed writes with their reasons, and retry or cancel. */
import { useState } from 'preact/hooks';
import { LoadError } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { api, dataOf } from './api.js';
import { WritesTable } from './writes-table.js';

const STATUSES = [
  { status: 'pending', label: 'Pending' },
  { status: 'in_flight', label: 'In flight' },
  { status: 'failed', label: 'Failed' },
] as const;

export function OutboxPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]['status']>('pending');
  const writes = useLoader(() => dataOf(api.GET('/v1/admin/outbox/writes', { params: { query: { status, limit: 200 } } })), [status], 2_000);
  const counts = writes.data?.counts;
  return (
    <>
      <h1>Outbox</h1>
      <p class="muted">Every write is stored before it is sent; the worker sends pending writes with backoff until Google settles them. Refreshed every 2 s.</p>
      <div class="grid stats">
        {STATUSES.map((item) => (
          <section class="panel" key={item.status} aria-label={`${item.label} writes`}>
            <div class="muted">{item.label}</div>
            <div class="stat" data-testid={`outbox-${item.status}`}>
              {counts === undefined ? '…' : String(item.status === 'pending' ? counts.pending : item.status === 'in_flight' ? counts.inFlight : counts.failed)}
            </div>
          </section>
        ))}
        <section class="panel" aria-label="Oldest open write">
          <div class="muted">Oldest open write</div>
          <div class="stat">{counts === undefined ? '…' : `${Math.round(counts.oldestPendingAgeMs / 1000)} s`}</div>
        </section>
      </div>
      <div role="tablist" aria-label="Write status" class="row spaced">
        {STATUSES.map((item) => (
          <button
            key={item.status}
            type="button"
            role="tab"
            aria-selected={status === item.status}
            class={status === item.status ? undefined : 'secondary'}
            onClick={() => setStatus(item.status)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <LoadError error={writes.error} />
      <WritesTable caption={`${STATUSES.find((item) => item.status === status)!.label} writes`} writes={writes.data?.items ?? []} onChanged={writes.reload} />
    </>
  );
}
