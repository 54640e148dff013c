import { type Page } from '@closewatch/contracts/pagination';
import { type UseQueryResult } from '@tanstack/react-query';
import { type ReactNode } from 'react';
import { type Column, DataTable, type RowProps } from './DataTable';
import { ErrorBanner } from './ErrorBanner';
import { Loading } from './Loading';

/**
 * A table of a resource the admin pages manage (users, ingest keys, connections): its load
 * error with a retry, a spinner before the first answer, then one row per item, or `empty` (what
 * having none means: every table says it, rather than show a header over nothing).
 */
export function ResourceTable<T>({
  resource,
  columns,
  rowKey,
  rowProps,
  testId,
  empty,
}: {
  resource: UseQueryResult<Page<T>>;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => RowProps;
  testId: string;
  empty: ReactNode;
}) {
  return (
    <>
      <ErrorBanner error={resource.error} onRetry={() => void resource.refetch()} />
      {resource.isLoading ? <Loading /> : null}
      {resource.data ? <DataTable columns={columns} rows={resource.data.items} rowKey={rowKey} rowProps={rowProps} testId={testId} empty={empty} /> : null}
    </>
  );
}
