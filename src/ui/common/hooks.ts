/** The hooks both UIs build on: the hash route, and data loaded (and reloaded) from an API. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { failureText } from './api.js';

/** The part of `location.hash` after `#/`, split on `/` (decoded), kept in step with navigation. */
export function useHashRoute(): string[] {
  const read = () =>
    window.location.hash
      .replace(/^#\/?/, '')
      .split('?')[0]!
      .split('/')
      .filter((part) => part !== '')
      .map((part) => decodeURIComponent(part));
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  /** Loads again now. */
  reload: () => void;
}

/**
 * Loads `load()` on mount and whenever `deps` change, then every `intervalMs` when given (a
 * live view); a failed load keeps the last data and shows why.
 */
export function useLoader<T>(load: () => Promise<T>, deps: unknown[], intervalMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
      },
      (failure: unknown) => {
        if (mine === generation.current) setError(failureText(failure));
      },
    );
  }, deps);
  useEffect(() => {
    run();
    if (intervalMs === undefined) return undefined;
    const timer = window.setInterval(run, intervalMs);
    return () => window.clearInterval(timer);
  }, [run, intervalMs]);
  return { data, error, reload: run };
}
