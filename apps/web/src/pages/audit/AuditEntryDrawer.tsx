import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { Link } from 'react-router-dom';
import { Drawer, DrawerSection } from '../../components/Drawer';
import { EmptyState } from '../../components/EmptyState';
import { type Column, DataTable } from '../../components/DataTable';
import { UtcTime } from '../../components/UtcTime';
import { auditActorLabel } from './AuditTable';
import { auditDiff, diffValue, type FieldChange } from './audit-diff';
import { auditObjectLink } from './audit-filters';

const CHANGE_COLUMNS: Column<FieldChange>[] = [
  { header: 'Field', className: 'mono small', cell: (c) => c.path },
  { header: 'Before', className: (c) => `mono small diff-before${c.kind === 'added' ? ' muted' : ''}`, cell: (c) => diffValue(c.before) },
  { header: 'After', className: (c) => `mono small diff-after${c.kind === 'removed' ? ' muted' : ''}`, cell: (c) => diffValue(c.after) },
];

/** One audit entry beside the list: who did what to which object, the fields it changed (before → after), and its place in the chain. */
export function AuditEntryDrawer({ entry, onClose }: { entry: AuditEntryDto; onClose(): void }) {
  const link = auditObjectLink(entry.objectType, entry.objectId);
  const changes = auditDiff(entry.before, entry.after);
  return (
    <Drawer
      label="Audit entry"
      onClose={onClose}
      data-testid="audit-drawer"
      data-id={String(entry.id)}
      heading={
        <>
          <h2 data-testid="audit-drawer-title">
            #{entry.id} <span className="mono">{entry.action}</span>
          </h2>
          <div className="small muted">
            <UtcTime iso={entry.at} />
          </div>
        </>
      }
    >
      <DrawerSection aria-label="Entry">
        <dl className="facts">
          <dt>Actor</dt>
          <dd data-testid="audit-drawer-actor">
            {auditActorLabel(entry)} <span className="muted small">({entry.actor.kind})</span>
          </dd>
          <dt>Object</dt>
          <dd className="mono">
            {entry.objectType}
            {entry.objectId ? ' ' : null}
            {link ? <Link to={link}>{entry.objectId}</Link> : entry.objectId}
          </dd>
          <dt>Hash</dt>
          <dd className="mono small audit-hash">{entry.hash}</dd>
          <dt>Previous hash</dt>
          <dd className="mono small audit-hash">{entry.prevHash}</dd>
        </dl>
      </DrawerSection>
      <DrawerSection aria-label="Changes" data-testid="audit-diff">
        <h3>Before → after</h3>
        <DataTable
          columns={CHANGE_COLUMNS}
          rows={changes}
          rowKey={(c) => c.path}
          rowProps={(c) => ({ 'data-testid': 'audit-diff-row', 'data-kind': c.kind, className: `diff-${c.kind}` })}
          compact
          empty={<EmptyState title="Nothing recorded before or after" />}
        />
        <details className="audit-raw">
          <summary>As recorded</summary>
          <pre className="mono small">{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
        </details>
      </DrawerSection>
    </Drawer>
  );
}
