import { type Page } from '@closewatch/contracts/pagination';
import { type QueryKey, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';

export interface CursorList<T> {
  items: T[];
  /** More pages exist on the server. */
  hasMore: boolean;
  /** The first page (or the next one) is on its way; refetches of loaded pages do not count. */
  loading: boolean;
  error: unknown;
  loadMore(): void;
  /** Refetches every loaded page in place ("load more" depth survives), without emptying the list. */
  refresh(): void;
  /** Drops what is loaded and fetches the first page again. */
  reload(): void;
}

/**
 * A keyset-paginated list (`{items, nextCursor}`) as one infinite query: the first page for
 * `queryKey` (null: nothing to fetch), more on request. Invalidating the key refetches the loaded
 * pages, each from the cursor the page before it now returns; an item that moved across a page
 * boundary shows once when `idOf` names the items.
 */
export function useCursorList<T>(
  queryKey: QueryKey | null,
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
  options: { idOf?: (item: T) => string; refetchInterval?: number } = {},
): CursorList<T> {
  const client = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: queryKey ?? ['disabled'],
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: queryKey !== null,
    refetchInterval: options.refetchInterval,
  });
  const { data, hasNextPage, isPending, isFetchingNextPage, error, fetchNextPage, refetch } = query;

  const { idOf } = options;
  const items = useMemo(() => {
    if (!idOf) return (data?.pages ?? []).flatMap((p) => p.items);
    const seen = new Set<string>();
    const out: T[] = [];
    for (const page of data?.pages ?? [])
      for (const item of page.items) {
        const id = idOf(item);
        if (!seen.has(id)) {
          seen.add(id);
          out.push(item);
        }
      }
    return out;
  }, [data, idOf]);

  return {
    items,
    hasMore: hasNextPage,
    loading: queryKey !== null && (isPending || isFetchingNextPage),
    error,
    loadMore: () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage({ cancelRefetch: false });
    },
    refresh: () => void refetch(),
    reload: () => {
      if (queryKey !== null) void client.resetQueries({ queryKey, exact: true });
    },
  };
}
