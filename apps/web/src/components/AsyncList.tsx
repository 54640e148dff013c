import { type ReactNode } from 'react';
import { ErrorBanner, Loading } from './Feedback';

/**
 * The body of a list fed by the API: the error with a retry, then the items when there are some,
 * else a spinner while loading, else `empty` (nothing after an error); and a "load more" button
 * under it while more pages exist.
 */
export function AsyncList({
  error,
  onRetry,
  loading,
  hasItems,
  empty,
  more,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  loading: boolean;
  hasItems: boolean;
  empty?: ReactNode;
  more?: { label: string; onClick: () => void; hasMore: boolean };
  children: ReactNode;
}) {
  return (
    <>
      <ErrorBanner error={error} onRetry={onRetry} />
      {hasItems ? children : loading ? <Loading /> : error ? null : empty}
      {more?.hasMore ? (
        <div className="list-footer">
          <button type="button" className="button button-small" onClick={more.onClick} disabled={loading}>
            {more.label}
          </button>
        </div>
      ) : null}
    </>
  );
}
