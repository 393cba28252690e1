/** Building blocks both UIs share: the page frame, notices, tables, badges, copyable text, async buttons. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { failureText } from './api.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** The page frame: a skip link, the top bar with its navigation, and the main region. */
export function Frame(props: { brand: string; nav: NavItem[]; right?: ComponentChildren; children: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">{props.brand}</span>
        <nav aria-label="Main">
          <ul>
            {props.nav.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {props.right === undefined ? null : <div class="right">{props.right}</div>}
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

/** A message for the user; errors are announced to screen readers at once. */
export function Notice(props: { kind?: 'info' | 'error' | 'ok'; children: ComponentChildren }) {
  const kind = props.kind ?? 'info';
  return (
    <div class={`notice ${kind === 'info' ? '' : kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** Shows a load error, if any. */
export function LoadError(props: { error: string | undefined }) {
  return props.error === undefined ? null : <Notice kind="error">Could not load: {props.error}</Notice>;
}

export function Badge(props: { tone: 'ok' | 'warn' | 'bad' | 'muted'; children: ComponentChildren }) {
  return <span class={`badge ${props.tone}`}>{props.children}</span>;
}

/** A table with a caption and header row; `empty` is shown in a row of its own when there are no rows. */
export function Table(props: { caption: string; headers: string[]; numeric?: number[]; empty?: string; rows: ComponentChildren[][]; rowKeys?: string[] }) {
  const numeric = new Set(props.numeric ?? []);
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map((header, i) => (
            <th scope="col" key={header} class={numeric.has(i) ? 'num' : undefined}>
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.length === 0 ? (
          <tr>
            <td colSpan={props.headers.length} class="muted">
              {props.empty ?? 'None.'}
            </td>
          </tr>
        ) : (
          props.rows.map((cells, r) => (
            <tr key={props.rowKeys?.[r] ?? r}>
              {cells.map((cell, i) => (
                <td key={i} class={numeric.has(i) ? 'num' : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** Text shown in full with a button that copies it. */
export function CopyBlock(props: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(props.text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div class="copy">
      <pre aria-label={props.label}>{props.text}</pre>
      <button type="button" class="secondary" onClick={copy} aria-label={`Copy ${props.label}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/**
 * A button that runs an async action, disabled while it runs, and shows the action's failure
 * beside it (so a refused call is never silent).
 */
export function ActionButton(props: { label: string; action: () => Promise<unknown>; kind?: 'primary' | 'secondary' | 'danger'; confirm?: string; name?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = () => {
    if (props.confirm !== undefined && !window.confirm(props.confirm)) return;
    setBusy(true);
    setError(undefined);
    props.action().then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        setError(failureText(failure));
      },
    );
  };
  return (
    <span class="row">
      <button type="button" class={props.kind === 'primary' || props.kind === undefined ? undefined : props.kind} disabled={busy} onClick={run} aria-label={props.name}>
        {busy ? `${props.label}…` : props.label}
      </button>
      {error === undefined ? null : (
        <span role="alert" class="badge bad">
          {error}
        </span>
      )}
    </span>
  );
}

/** An epoch-ms or ISO time, in the reader's locale, with the exact UTC time on hover. */
export function Time(props: { value: number | string | null | undefined }) {
  if (props.value === null || props.value === undefined || props.value === '') return <span class="muted">–</span>;
  const date = new Date(typeof props.value === 'string' && /^\d+$/.test(props.value) ? Number(props.value) : props.value);
  if (Number.isNaN(date.getTime())) return <span>{String(props.value)}</span>;
  return <time dateTime={date.toISOString()} title={date.toISOString()}>{date.toLocaleString()}</time>;
}
