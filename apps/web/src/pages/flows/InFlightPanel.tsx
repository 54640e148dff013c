import { type InFlightRecordDto } from '@closewatch/contracts/sync-health';
import { Amount } from '../../components/Amount';
import { StageTag } from '../../components/Badges';
import { type Column } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedTable';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { RECORD_WITH_TYPE_COLUMN } from '../../components/hop-columns';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { type CursorList } from '../../hooks/useCursorList';
import { formatLag } from './health-window';
import { Badge } from '../../components/Badge';

const COLUMNS: Column<InFlightRecordDto>[] = [
  RECORD_WITH_TYPE_COLUMN,
  { header: 'Data status', className: 'small', cell: (r) => humanize(r.dataStatus) },
  { header: 'First emitted', className: 'small', cell: (r) => <UtcTime iso={r.firstEmittedAt} /> },
  {
    header: 'Age',
    numeric: true,
    className: (r) => (r.pastSlo ? 'text-bad' : undefined),
    cell: (r) => (
      <>
        {formatLag(r.ageSeconds)}
        {r.pastSlo ? (
          <div>
            <Badge tone="bad" data-testid="past-slo">
              past SLO
            </Badge>
          </div>
        ) : null}
      </>
    ),
  },
  {
    header: 'Last step',
    className: 'small',
    cell: (r) => (
      <>
        <StageTag stage={r.lastStage} /> @ {r.lastSystem}
        <div className="muted">
          <UtcTime iso={r.lastOccurredAt} />
        </div>
      </>
    ),
  },
  { header: 'Amount', numeric: true, cell: (r) => <Amount amount={r.amount} currency={r.currency} /> },
  { header: 'Entity / period', className: 'small', cell: (r) => `${r.entity ?? '—'} / ${r.period ?? '—'}` },
  { header: 'Retries', numeric: true, cell: (r) => r.retries },
];

/** Records emitted and not yet posted, oldest first, with their age against the SLO. */
export function InFlightPanel({ list, maxLagSeconds }: { list: CursorList<InFlightRecordDto>; maxLagSeconds: number }) {
  return (
    <Panel title="In flight (oldest first)" testId="flow-in-flight" actions={<span className="small muted">SLO {formatLag(maxLagSeconds)}</span>}>
      <PagedTable
        list={list}
        empty={<EmptyState title="Nothing in flight">Every emitted record has posted or failed.</EmptyState>}
        moreLabel="Load more"
        testId="in-flight-table"
        columns={COLUMNS}
        rowKey={(r) => r.recordKey}
        rowProps={(r) => ({ 'data-testid': 'in-flight-row', 'data-record-key': r.recordKey, 'data-past-slo': String(r.pastSlo) })}
      />
    </Panel>
  );
}
