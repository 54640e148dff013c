import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  /** True while the answer for the current key (or a reload) is on its way; `data` may be the previous one. */
  loading: boolean;
  reload(): void;
}

interface Settled<T> {
  key: string;
  version: number;
  data?: T;
  error?: unknown;
}

/**
 * One query: runs `fetcher` whenever `key` changes (null: nothing to fetch), aborts the answer
 * it no longer needs, and keeps the last data on screen while the next one loads.
 */
export function useApi<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | undefined>();
  const run = useEffectEvent((signal: AbortSignal) => fetcher(signal));

  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    run(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setSettled({ key, version, data });
      },
      (error: unknown) => {
        if (!ctl.signal.aborted) setSettled({ key, version, error });
      },
    );
    return () => ctl.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const sameKey = settled !== undefined && settled.key === key;
  return {
    data: sameKey ? settled.data : undefined,
    error: sameKey && settled.version === version ? settled.error : undefined,
    loading: key !== null && !(sameKey && settled.version === version),
    reload,
  };
}
