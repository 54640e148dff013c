import { type ComponentProps, type ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';

type TableProps<T> = Omit<ComponentProps<typeof DataTable<T>>, 'className' | 'empty' | 'children'>;

/**
 * One section of the lineage answer (traces, exceptions, breaks) as a panel: its count in the
 * title, a compact table, what to say when it is empty, and a note when the API cut it (it keeps
 * the newest 200 of each).
 */
export function LineageSection<T>({
  title,
  total,
  what,
  testId,
  actions,
  empty,
  ...table
}: TableProps<T> & { title: string; total: number; what: string; testId: string; actions?: ReactNode; empty: { title: string; text: string } }) {
  return (
    <Panel title={`${title} (${total})`} testId={testId} actions={actions}>
      <DataTable {...table} compact empty={<EmptyState title={empty.title}>{empty.text}</EmptyState>}>
        {total > table.rows.length ? (
          <p className="small muted pad" data-testid="lineage-section-cut">
            Showing the newest {table.rows.length} of {total} {what}.
          </p>
        ) : null}
      </DataTable>
    </Panel>
  );
}
