import { type Page } from '@closewatch/contracts/pagination';
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { errorText } from '../api/api-error';

export interface PagedList<T> {
  items: T[];
  /** More pages exist on the server. */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore(): void;
  reload(): void;
}

interface PagedState<T> {
  key: string;
  version: number;
  items: T[];
  nextCursor: string | null;
  error: string | null;
  pending: boolean;
}

/** A keyset-paginated list (`{items, nextCursor}`): the first page when `key` changes, more on request. */
export function usePagedList<T>(key: string | null, fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>): PagedList<T> {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<PagedState<T> | undefined>();
  const fetchFirst = useEffectEvent((signal: AbortSignal) => fetchPage(null, signal));

  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    fetchFirst(ctl.signal).then(
      (page) => {
        if (!ctl.signal.aborted) setState({ key, version, items: page.items, nextCursor: page.nextCursor, error: null, pending: false });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setState({ key, version, items: [], nextCursor: null, error: errorText(e), pending: false });
      },
    );
    return () => ctl.abort();
  }, [key, version]);

  const current = state !== undefined && state.key === key && state.version === version ? state : undefined;

  const loadMore = useCallback(() => {
    if (!current?.nextCursor || current.pending) return;
    const from = current;
    setState({ ...from, pending: true });
    fetchPage(from.nextCursor, new AbortController().signal).then(
      (page) => setState((s) => (s === undefined || s.key !== from.key || s.version !== from.version ? s : { ...s, items: [...s.items, ...page.items], nextCursor: page.nextCursor, pending: false })),
      (e: unknown) => setState((s) => (s === undefined || s.key !== from.key ? s : { ...s, error: errorText(e), pending: false })),
    );
  }, [current, fetchPage]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return {
    items: current?.items ?? [],
    hasMore: Boolean(current?.nextCursor),
    loading: key !== null && (current === undefined || current.pending),
    error: current?.error ?? null,
    loadMore,
    reload,
  };
}
