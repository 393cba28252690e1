/**
 * Faults (`/emulator/v1/faults`): presets for the failures a game server must survive, a form
 * for any other, the registered faults with their hits, and "all clear".
 */
import { useState } from 'preact/hooks';
import type { FaultSpec } from '../../emulator/faults.js';
import { failureText } from '../common/api.js';
import { ActionButton, LoadError, Notice, Table } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { control } from './control.js';

/** The presets: each one fault spec, as a test would register it. */
export const FAULT_PRESETS: Array<{ name: string; description: string; spec: FaultSpec }> = [
  { name: 'Google down', description: 'Every Google call answers 503 backendError (OAuth, Games, Management).', spec: { path: '/', status: 503 } },
  { name: 'Slow', description: 'Every Google call takes 3 s longer.', spec: { path: '/', delayMs: 3_000 } },
  {
    name: 'Quota exhausted',
    description: 'Games and Management calls answer 429 rateLimitExceeded, Retry-After 30 s.',
    spec: { path: '/games/', status: 429, retryAfterSeconds: 30 },
  },
  {
    name: 'Answers lost after the write',
    description: 'Games writes (POST) are applied, then the connection drops before the answer: the idempotent-retry case.',
    spec: { path: '/games/', method: 'POST', after: true, dropConnection: true },
  },
];

export function FaultsPage() {
  const faults = useLoader(() => control.faults(), [], 2_000);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);
  const add = (spec: FaultSpec, name: string) =>
    control.addFault(spec).then(
      () => {
        setMessage({ kind: 'ok', text: `${name}: on.` });
        faults.reload();
      },
      (failure: unknown) => setMessage({ kind: 'error', text: failureText(failure) }),
    );
  const list = faults.data ?? [];
  return (
    <>
      <h1>Faults</h1>
      <section class="panel" aria-labelledby="presets">
        <h2 id="presets">Presets</h2>
        <ul class="plain-list">
          {FAULT_PRESETS.map((preset) => (
            <li key={preset.name} class="row">
              <button type="button" onClick={() => void add(preset.spec, preset.name)}>
                {preset.name}
              </button>
              <span class="muted">{preset.description}</span>
            </li>
          ))}
        </ul>
        <p class="row spaced">
          <ActionButton
            label="All clear"
            kind="danger"
            action={async () => {
              await control.clearFaults();
              setMessage({ kind: 'ok', text: 'All clear: no faults.' });
              faults.reload();
            }}
          />
          <span class="muted">Removes every fault; Google answers normally again.</span>
        </p>
        {message === undefined ? null : <Notice kind={message.kind}>{message.text}</Notice>}
      </section>
      <CustomFaultForm onAdd={(spec) => add(spec, `Fault on ${spec.path}`)} />
      <LoadError error={faults.error} />
      <Table
        caption={list.length === 0 ? 'No faults: Google answers normally.' : `${list.length} active faults, matched in this order`}
        headers={['ID', 'Path', 'Method', 'Effect', 'Hits', 'Remaining', 'Actions']}
        numeric={[4, 5]}
        empty="All clear."
        rowKeys={list.map((fault) => fault.id)}
        rows={list.map((fault) => [
          <code>{fault.id}</code>,
          <code>{fault.path}</code>,
          fault.method ?? 'any',
          describeFault(fault),
          String(fault.hits),
          fault.remaining === undefined ? '∞' : String(fault.remaining),
          <ActionButton
            label="Remove"
            kind="secondary"
            name={`Remove fault ${fault.id}`}
            action={async () => {
              await control.deleteFault(fault.id);
              faults.reload();
            }}
          />,
        ])}
      />
    </>
  );
}

function describeFault(fault: FaultSpec): string {
  const parts: string[] = [];
  if (fault.delayMs !== undefined) parts.push(`+${fault.delayMs} ms`);
  if (fault.status !== undefined) parts.push(`answers ${fault.status}${fault.reason === undefined ? '' : ` ${fault.reason}`}`);
  if (fault.dropConnection === true) parts.push('drops the connection');
  if (fault.after === true) parts.push('after the request is applied');
  if (fault.probability !== undefined) parts.push(`with probability ${fault.probability}`);
  return parts.join(', ') || 'nothing';
}

function CustomFaultForm(props: { onAdd: (spec: FaultSpec) => Promise<unknown> }) {
  const [path, setPath] = useState('/games/v1/');
  const [method, setMethod] = useState('');
  const [status, setStatus] = useState('503');
  const [delayMs, setDelayMs] = useState('');
  const [times, setTimes] = useState('');
  const [after, setAfter] = useState(false);
  const [drop, setDrop] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const spec: FaultSpec = { path };
    if (method !== '') spec.method = method;
    if (drop) spec.dropConnection = true;
    else if (status !== '') spec.status = Number(status);
    if (delayMs !== '') spec.delayMs = Number(delayMs);
    if (times !== '') spec.times = Number(times);
    if (after) spec.after = true;
    void props.onAdd(spec);
  };
  return (
    <section class="panel" aria-labelledby="custom-fault">
      <h2 id="custom-fault">Another fault</h2>
      <form class="inline" onSubmit={submit}>
        <label>
          Path prefix
          <input required pattern="/.*" value={path} onInput={(e) => setPath(e.currentTarget.value)} />
        </label>
        <label>
          Method
          <select value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
            <option value="">any</option>
            <option>GET</option>
            <option>POST</option>
          </select>
        </label>
        <label>
          Status
          <input type="number" min={400} max={599} value={status} disabled={drop} onInput={(e) => setStatus(e.currentTarget.value)} />
        </label>
        <label>
          Delay (ms)
          <input type="number" min={0} value={delayMs} onInput={(e) => setDelayMs(e.currentTarget.value)} />
        </label>
        <label>
          Times (empty: always)
          <input type="number" min={1} value={times} onInput={(e) => setTimes(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={drop} onChange={(e) => setDrop(e.currentTarget.checked)} /> Drop the connection
        </label>
        <label class="check">
          <input type="checkbox" checked={after} onChange={(e) => setAfter(e.currentTarget.checked)} /> After the write
        </label>
        <button type="submit">Add fault</button>
      </form>
    </section>
  );
}
