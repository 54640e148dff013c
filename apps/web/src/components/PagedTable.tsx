import { type ComponentProps, type ReactNode } from 'react';
import { AsyncList, type ListLike } from './AsyncList';
import { DataTable } from './DataTable';

type TableProps<T> = Omit<ComponentProps<typeof DataTable<T>>, 'rows' | 'empty'>;

/** A DataTable of a paged list hook's items, with its error, spinner, empty state and "load more" (AsyncList). */
export function PagedTable<T>({
  list,
  empty,
  moreLabel,
  ...table
}: TableProps<T> & { list: ListLike & { items: readonly T[] }; empty?: ReactNode; moreLabel?: string }) {
  return (
    <AsyncList list={list} empty={empty} moreLabel={moreLabel}>
      <DataTable {...table} rows={list.items} />
    </AsyncList>
  );
}
