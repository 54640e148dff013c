import { type ConfigActorDto, type ConfigKind, type ConfigVersionDto } from '@closewatch/contracts/config-history';
import { useState } from 'react';
import { ApiRequestError } from '../api/api-error';
import { useConfigDiff, useConfigVersions } from '../hooks/useConfigHistory';
import { Button } from './Button';
import { type Column, DataTable } from './DataTable';
import { EmptyState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { FieldChanges } from './FieldChanges';
import { Loading } from './Loading';
import { Panel } from './Panel';
import { UtcTime } from './UtcTime';

const who = (a: ConfigActorDto | null) => (a === null ? '—' : a.kind === 'system' ? 'Closewatch' : (a.email ?? a.id ?? a.kind));

/**
 * The kept versions of one flow, reconciliation, close calendar or alert route (who changed it,
 * when, who approved it), and the field-level changes of the version picked against the one
 * before it. Shared by the flow, reconciliation, close calendar and alert route views.
 */
export function ConfigHistory({ kind, objectId, title = 'History', onClose }: { kind: ConfigKind; objectId: string; title?: string; onClose?: () => void }) {
  const versions = useConfigVersions(kind, objectId);
  const [picked, setPicked] = useState<number | null>(null);
  const items = versions.data?.items ?? [];
  const selected = picked ?? items[0]?.version ?? null;
  const range = selected !== null && selected > 1 ? { from: selected - 1, to: selected } : null;
  const diff = useConfigDiff(kind, objectId, range);
  const none = versions.error instanceof ApiRequestError && versions.error.status === 404;

  const columns: Column<ConfigVersionDto>[] = [
    { header: 'Version', numeric: true, cell: (v) => v.version },
    { header: 'Change', className: 'small', cell: (v) => v.op },
    { header: 'By', className: 'small', cell: (v) => who(v.actor), cellTestId: 'version-actor' },
    { header: 'Approved by', className: 'small', cell: (v) => who(v.approvedBy) },
    { header: 'When', cell: (v) => <UtcTime iso={v.at} /> },
    {
      header: 'Diff',
      hiddenHeader: true,
      numeric: true,
      cell: (v) => (
        <Button
          size="small"
          variant="quiet"
          pressed={v.version === selected}
          onClick={() => setPicked(v.version)}
          aria-pressed={v.version === selected}
          data-testid="version-pick"
        >
          Changes
        </Button>
      ),
    },
  ];

  return (
    <Panel
      title={title}
      testId="config-history"
      actions={
        onClose ? (
          <Button size="small" variant="quiet" onClick={onClose} data-testid="config-history-close">
            Hide
          </Button>
        ) : undefined
      }
    >
      {none ? (
        <EmptyState title="No versions recorded yet">Versions are kept from the first change made through Closewatch.</EmptyState>
      ) : (
        <ErrorBanner error={versions.error} onRetry={() => void versions.refetch()} />
      )}
      {versions.isLoading ? <Loading /> : null}
      {items.length ? (
        <>
          <DataTable
            compact
            columns={columns}
            rows={items}
            rowKey={(v) => String(v.version)}
            rowProps={(v) => ({ 'data-testid': 'version-row', 'data-version': String(v.version) })}
            testId="versions-table"
          />
          <h3 className="pad">
            {range ? `Changes from version ${range.from} to ${range.to}` : `Version ${selected ?? ''} is the first: nothing to compare it with`}
          </h3>
          <ErrorBanner error={diff.error} />
          {diff.data ? <FieldChanges changes={diff.data.changes} testId="version-diff" /> : null}
        </>
      ) : null}
    </Panel>
  );
}
