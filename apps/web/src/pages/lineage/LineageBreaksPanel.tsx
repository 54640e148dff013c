import { type LineageBreakDto } from '@closewatch/contracts/lineage';
import { Link } from 'react-router-dom';
import { EmptyState, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { formatAmount } from '../../format/amount';
import { BREAK_TYPE_LABEL, classificationText, valueText } from '../reconciliations/recon-view';
import { RunStatusBadge } from '../reconciliations/RunStatusBadge';
import { SectionCut } from './SectionCut';

/** The record's reconciliation breaks, newest first, with their reconciliation, run and the exception each raised. */
export function LineageBreaksPanel({ breaks, total }: { breaks: LineageBreakDto[]; total: number }) {
  return (
    <Panel title={`Reconciliation breaks (${total})`} testId="lineage-breaks">
      {breaks.length ? (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Break</th>
                <th scope="col">Reconciliation</th>
                <th scope="col">Run</th>
                <th scope="col">Classification</th>
                <th scope="col" className="num">
                  At risk
                </th>
                <th scope="col">Exception</th>
              </tr>
            </thead>
            <tbody>
              {breaks.map((b) => {
                const differences = b.differences?.map((d) => `${d.field}: ${d.difference ?? `${valueText(d.source)} → ${valueText(d.target)}`}`).join('; ');
                return (
                  <tr key={b.id} data-testid="lineage-break-row" data-type={b.type}>
                    <td>
                      <span className={`badge recon-type-${b.type}`}>{BREAK_TYPE_LABEL[b.type]}</span>
                      {differences ? (
                        <div className="small mono" data-testid="lineage-break-differences">
                          {differences}
                        </div>
                      ) : null}
                      {b.side ? (
                        <div className="small muted">
                          {b.rows} rows in {b.side}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/reconciliations/${encodeURIComponent(b.reconId)}`}>{b.reconName}</Link>
                      <div className="small muted">{b.flow}</div>
                    </td>
                    <td className="small">
                      <Link to={`/reconciliations/runs/${encodeURIComponent(b.runId)}`} data-testid="lineage-break-run">
                        <UtcTime iso={b.foundAt} />
                      </Link>{' '}
                      <RunStatusBadge status={b.runStatus} />
                    </td>
                    <td className="small">{classificationText(b.classification)}</td>
                    <td className="num mono small">{b.amountAtRisk ? formatAmount(b.amountAtRisk, b.currency) : '—'}</td>
                    <td className="small">
                      {b.exceptionId ? (
                        <Link to={`/exceptions?open=${encodeURIComponent(b.exceptionId)}`} data-testid="lineage-break-exception">
                          Exception
                        </Link>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <SectionCut shown={breaks.length} total={total} what="breaks" />
        </div>
      ) : (
        <EmptyState title="No reconciliation breaks">No reconciliation has found this record missing or different.</EmptyState>
      )}
    </Panel>
  );
}
