import { type PendingChangeDto, type PendingChangeStatus } from '@closewatch/contracts/config-history';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { approveConfigChange, rejectConfigChange } from '../../api/config-history';
import { queryKeys } from '../../api/query-keys';
import { EmptyState } from '../../components/EmptyState';
import { Button } from '../../components/Button';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FieldChanges } from '../../components/FieldChanges';
import { FilterSelect, humanOptions } from '../../components/FilterSelect';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { UtcTime } from '../../components/UtcTime';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useConfigChanges } from '../../hooks/useConfigHistory';
import { useSession } from '../../hooks/useSession';

const STATUSES = ['pending', 'approved', 'rejected', 'all'] as const;

/**
 * Configuration changes waiting for a second admin (CLOSEWATCH_CONFIG_APPROVAL): what each one
 * changes, field by field, and approve or reject. The author cannot approve their own change
 * (the server refuses it too); they may reject it to withdraw it.
 */
export function PendingChangesPanel() {
  const [status, setStatus] = useState<PendingChangeStatus | 'all'>('pending');
  const changes = useConfigChanges(status);
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { busy, error, run } = useBusyAction();
  const [open, setOpen] = useState<string | null>(null);
  // An approval writes the object: every configuration view (versions, routes, flows, recons) may be stale.
  const refresh = () => void queryClient.invalidateQueries();

  const approve = (c: PendingChangeDto) =>
    void run(c.id, async () => {
      await approveConfigChange(c.id);
      refresh();
    });

  // No confirmation: a rejection writes nothing, and the change can be asked for again.
  const reject = (c: PendingChangeDto) =>
    void run(c.id, async () => {
      await rejectConfigChange(c.id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.config.all });
    });

  const columns: Column<PendingChangeDto>[] = [
    { header: 'Asked', cell: (c) => <UtcTime iso={c.requestedAt} /> },
    { header: 'What', className: 'mono small', cell: (c) => `${c.op} ${c.kind} ${c.objectId}` },
    { header: 'By', className: 'small', cell: (c) => c.requestedBy.email ?? c.requestedBy.id },
    { header: 'Status', className: 'small', cell: (c) => (c.decidedBy ? `${c.status} by ${c.decidedBy.email ?? c.decidedBy.id}` : c.status) },
    {
      header: 'Actions',
      hiddenHeader: true,
      numeric: true,
      cell: (c) => (
        <>
          <Button size="small" variant="quiet" pressed={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)} data-testid="change-show">
            Changes
          </Button>
          {c.status === 'pending' ? (
            <>
              <Button
                size="small"
                variant="primary"
                onClick={() => approve(c)}
                disabled={busy !== null || c.requestedBy.id === user?.id}
                title={c.requestedBy.id === user?.id ? 'A second admin must approve your change' : undefined}
                data-testid="change-approve"
              >
                Approve
              </Button>
              <Button size="small" variant="danger" onClick={() => reject(c)} disabled={busy !== null} data-testid="change-reject">
                Reject
              </Button>
            </>
          ) : null}
        </>
      ),
    },
  ];
  const shown = changes.data?.items.find((c) => c.id === open);

  return (
    <Panel
      title="Configuration changes"
      testId="config-changes-panel"
      actions={<FilterSelect label="Status" value={status} onChange={setStatus} options={humanOptions(STATUSES)} testId="config-changes-status" />}
    >
      <p className="muted pad small">
        With CLOSEWATCH_CONFIG_APPROVAL on, changes to reconciliations, alert routes and a flow&apos;s materiality wait here for a second admin.
      </p>
      <ErrorBanner error={error} />
      <ResourceTable
        resource={changes}
        columns={columns}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-testid': 'config-change-row', 'data-id': c.id, 'data-status': c.status })}
        testId="config-changes-table"
        empty={<EmptyState title="No changes waiting">A change that needs a second admin shows here until one approves or rejects it.</EmptyState>}
      />
      {shown ? <FieldChanges changes={shown.changes} testId="config-change-diff" /> : null}
    </Panel>
  );
}
