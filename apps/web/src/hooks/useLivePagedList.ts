import { MAX_PAGE_LIMIT, type Page } from '@closewatch/contracts/pagination';
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { errorText } from '../api/api-error';

export interface LivePagedList<T> {
  items: T[];
  hasMore: boolean;
  /** The first page (or the next one) is on its way; refreshes do not count. */
  loading: boolean;
  error: string | null;
  loadMore(): void;
  /** Refetches what is on screen (as many items as are loaded) in place, without emptying the list. */
  refresh(): void;
}

interface ListState<T> {
  key: string;
  items: T[];
  nextCursor: string | null;
  error: string | null;
  pending: boolean;
}

/**
 * A keyset-paginated list that live updates can refresh: the first page when `key` changes,
 * more on request, and `refresh()` refetches from the start as many items as are loaded
 * (so "load more" depth survives), replacing the list when the answer arrives.
 */
export function useLivePagedList<T>(
  key: string | null,
  pageSize: number,
  fetchPage: (page: { cursor: string | null; limit: number }, signal: AbortSignal) => Promise<Page<T>>,
  idOf: (item: T) => string,
): LivePagedList<T> {
  const [state, setState] = useState<ListState<T> | undefined>();
  /** Refresh requests count for the key they were made for only. */
  const [refreshes, setRefreshes] = useState<{ key: string | null; n: number }>({ key: null, n: 0 });
  const fetchEvent = useEffectEvent((page: { cursor: string | null; limit: number }, signal: AbortSignal) => fetchPage(page, signal));
  const loadedCount = useEffectEvent(() => (state?.key === key ? state.items.length : 0));

  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    fetchEvent({ cursor: null, limit: pageSize }, ctl.signal).then(
      (page) => {
        if (!ctl.signal.aborted) setState({ key, items: page.items, nextCursor: page.nextCursor, error: null, pending: false });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setState({ key, items: [], nextCursor: null, error: errorText(e), pending: false });
      },
    );
    return () => ctl.abort();
  }, [key, pageSize]);

  useEffect(() => {
    if (key === null || refreshes.key !== key) return;
    const ctl = new AbortController();
    const limit = Math.min(MAX_PAGE_LIMIT, Math.max(pageSize, loadedCount()));
    fetchEvent({ cursor: null, limit }, ctl.signal).then(
      (page) => {
        if (!ctl.signal.aborted) setState((s) => (s?.key === key ? { ...s, items: page.items, nextCursor: page.nextCursor, error: null } : s));
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setState((s) => (s?.key === key ? { ...s, error: errorText(e) } : s));
      },
    );
    return () => ctl.abort();
  }, [key, pageSize, refreshes]);

  const current = state?.key === key ? state : undefined;

  const loadMore = useCallback(() => {
    if (!current?.nextCursor || current.pending) return;
    const from = current;
    setState({ ...from, pending: true });
    fetchPage({ cursor: from.nextCursor, limit: pageSize }, new AbortController().signal).then(
      (page) =>
        setState((s) => {
          if (s?.key !== from.key) return s;
          const seen = new Set(s.items.map(idOf));
          return { ...s, items: [...s.items, ...page.items.filter((i) => !seen.has(idOf(i)))], nextCursor: page.nextCursor, pending: false };
        }),
      (e: unknown) => setState((s) => (s?.key !== from.key ? s : { ...s, error: errorText(e), pending: false })),
    );
  }, [current, fetchPage, idOf, pageSize]);

  const refresh = useCallback(() => setRefreshes((r) => ({ key, n: r.n + 1 })), [key]);
  return {
    items: current?.items ?? [],
    hasMore: Boolean(current?.nextCursor),
    loading: key !== null && (current === undefined || current.pending),
    error: current?.error ?? null,
    loadMore,
    refresh,
  };
}
