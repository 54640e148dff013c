import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { Link } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PagedTable } from '../../components/PagedTable';
import { UtcTime } from '../../components/UtcTime';
import { type CursorList } from '../../hooks/useCursorList';

/** Who made an entry: the email for people and keys that have one, else the id, else Closewatch itself. */
export function auditActorLabel(e: AuditEntryDto): string {
  if (e.actor.kind === 'system') return 'Closewatch';
  return e.actor.email ?? e.actor.id ?? e.actor.kind;
}

/** The audit log, newest first, a page at a time; each entry opens (`hrefOf`) in the drawer. */
export function AuditTable({ list, hrefOf, openId }: { list: CursorList<AuditEntryDto>; hrefOf: (id: number) => string; openId: string | null }) {
  const columns: Column<AuditEntryDto>[] = [
    {
      header: 'Entry',
      className: 'mono small',
      cell: (e) => (
        <Link to={hrefOf(e.id)} data-testid="audit-open" aria-label={`Open entry ${e.id}`}>
          #{e.id}
        </Link>
      ),
    },
    { header: 'At', className: 'small', cell: (e) => <UtcTime iso={e.at} /> },
    { header: 'Actor', className: 'small', cell: (e) => auditActorLabel(e), cellTestId: 'audit-actor' },
    { header: 'Action', className: 'mono small', cell: (e) => e.action, cellTestId: 'audit-action' },
    {
      header: 'Object',
      className: 'mono small',
      cell: (e) => (
        <>
          {e.objectType}
          {e.objectId ? <span className="muted"> {e.objectId}</span> : null}
        </>
      ),
    },
  ];
  return (
    <PagedTable
      list={list}
      columns={columns}
      rowKey={(e) => String(e.id)}
      rowProps={(e) => ({
        'data-testid': 'audit-row',
        'data-action': e.action,
        'data-object-id': e.objectId ?? '',
        className: String(e.id) === openId ? 'selected' : undefined,
      })}
      empty={<EmptyState title="No entries match" />}
      moreLabel="Load older entries"
      testId="audit-table"
    />
  );
}
