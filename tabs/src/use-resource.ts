/**
 * Loads something once per key and exposes loading, error and ready as one discriminated state,
 * with `reload()` for the "Prøv igjen" button. A response that arrives after the key changed
 * (or the screen closed) is dropped.
 */
import { useCallback, useEffect, useState } from 'react';

export type Resource<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ready'; readonly value: T };

export function useResource<T>(load: (() => Promise<T>) | undefined, key: string): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!load) return;
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` says when it really changed.
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}
