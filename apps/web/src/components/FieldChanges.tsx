import { type ConfigFieldChange } from '@closewatch/contracts/config-history';
import { type Column, DataTable } from './DataTable';
import { EmptyState } from './EmptyState';

/** A configuration value as people read it: text as it is, everything else as JSON; absent as —. */
function shown(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const columns: Column<ConfigFieldChange>[] = [
  { header: 'Field', className: 'mono', cell: (c) => c.path || '(whole object)' },
  { header: 'Change', className: 'small', cell: (c) => c.change },
  { header: 'Before', className: 'mono small', cell: (c) => shown(c.before), cellTestId: 'change-before' },
  { header: 'After', className: 'mono small', cell: (c) => shown(c.after), cellTestId: 'change-after' },
];

/** Field-level changes between two configuration versions (or of a pending change). */
export function FieldChanges({ changes, testId = 'field-changes' }: { changes: readonly ConfigFieldChange[]; testId?: string }) {
  return (
    <DataTable
      compact
      columns={columns}
      rows={changes}
      rowKey={(c) => c.path}
      rowProps={(c) => ({ 'data-testid': 'change-row', 'data-path': c.path })}
      testId={testId}
      empty={<EmptyState title="No field changed" />}
    />
  );
}
