import { type LineageBreakDto } from '@closewatch/contracts/lineage';
import { Link } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { UtcTime } from '../../components/UtcTime';
import { formatAmount } from '../../format/amount';
import { classificationText, valueText } from '../reconciliations/recon-view';
import { RunStatusBadge } from '../reconciliations/RunStatusBadge';
import { LineageSection } from './LineageSection';
import { BreakTypeBadge } from '../reconciliations/BreakTypeBadge';

/** The differing fields as one line: `amount: 0.4; currency: EUR → USD`. */
function differencesText(b: LineageBreakDto): string | undefined {
  return b.differences?.map((d) => `${d.field}: ${d.difference ?? `${valueText(d.source)} → ${valueText(d.target)}`}`).join('; ');
}

const COLUMNS: Column<LineageBreakDto>[] = [
  {
    header: 'Break',
    cell: (b) => (
      <>
        <BreakTypeBadge type={b.type} />
        {b.differences?.length ? (
          <div className="small mono" data-testid="lineage-break-differences">
            {differencesText(b)}
          </div>
        ) : null}
        {b.side ? (
          <div className="small muted">
            {b.rows} rows in {b.side}
          </div>
        ) : null}
      </>
    ),
  },
  {
    header: 'Reconciliation',
    cell: (b) => (
      <>
        <Link to={`/reconciliations/${encodeURIComponent(b.reconId)}`}>{b.reconName}</Link>
        <div className="small muted">{b.flow}</div>
      </>
    ),
  },
  {
    header: 'Run',
    className: 'small',
    cell: (b) => (
      <>
        <Link to={`/reconciliations/runs/${encodeURIComponent(b.runId)}`} data-testid="lineage-break-run">
          <UtcTime iso={b.foundAt} />
        </Link>{' '}
        <RunStatusBadge status={b.runStatus} />
      </>
    ),
  },
  { header: 'Classification', className: 'small', cell: (b) => classificationText(b.classification) },
  { header: 'At risk', numeric: true, className: 'mono small', cell: (b) => (b.amountAtRisk ? formatAmount(b.amountAtRisk, b.currency) : '—') },
  {
    header: 'Exception',
    className: 'small',
    cell: (b) =>
      b.exceptionId ? (
        <Link to={`/exceptions?open=${encodeURIComponent(b.exceptionId)}`} data-testid="lineage-break-exception">
          Exception
        </Link>
      ) : (
        <span className="muted">none</span>
      ),
  },
];

/** The record's reconciliation breaks, newest first, with their reconciliation, run and the exception each raised. */
export function LineageBreaksPanel({ breaks, total }: { breaks: LineageBreakDto[]; total: number }) {
  return (
    <LineageSection
      title="Reconciliation breaks"
      total={total}
      what="breaks"
      testId="lineage-breaks"
      columns={COLUMNS}
      rows={breaks}
      rowKey={(b) => b.id}
      rowProps={(b) => ({ 'data-testid': 'lineage-break-row', 'data-type': b.type })}
      empty={{ title: 'No reconciliation breaks', text: 'No reconciliation has found this record missing or different.' }}
    />
  );
}
