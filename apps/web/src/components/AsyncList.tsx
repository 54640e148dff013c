import { type ReactNode } from 'react';
import { ErrorBanner } from './ErrorBanner';
import { Loading } from './Loading';
import { Button } from './Button';

/** What AsyncList reads of a paged list hook (useCursorList and the hooks built on it). */
export interface ListLike {
  items: readonly unknown[];
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  loadMore(): void;
  reload?(): void;
  refresh?(): void;
}

/**
 * The body of a list fed by the API: the error with a retry, then the items when there are some,
 * else a spinner while loading, else `empty` (nothing after an error); with `moreLabel`, a button
 * that loads the next page while more exist.
 */
export function AsyncList({ list, empty, moreLabel, children }: { list: ListLike; empty?: ReactNode; moreLabel?: string; children: ReactNode }) {
  return (
    <>
      <ErrorBanner error={list.error} onRetry={list.refresh ?? list.reload} />
      {list.items.length ? children : list.loading ? <Loading /> : list.error ? null : empty}
      {moreLabel && list.hasMore ? (
        <div className="list-footer">
          <Button size="small" onClick={list.loadMore} disabled={list.loading}>
            {moreLabel}
          </Button>
        </div>
      ) : null}
    </>
  );
}
