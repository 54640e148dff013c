import { type LineageExceptionDto } from '@closewatch/contracts/lineage';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { ExceptionStatusBadge, SeverityBadge } from '../../components/ExceptionBadges';
import { EmptyState, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { exceptionsLink } from '../exceptions/queue-filters';
import { SectionCut } from './SectionCut';

/** The record's exceptions of every status, newest first; each opens in the queue's drawer, filtered by the record key. */
export function LineageExceptionsPanel({ recordKey, exceptions, total }: { recordKey: string; exceptions: LineageExceptionDto[]; total: number }) {
  const queue = { q: recordKey, status: 'all' as const };
  return (
    <Panel
      title={`Exceptions (${total})`}
      testId="lineage-exceptions"
      actions={
        <Link to={exceptionsLink(queue)} className="button button-small" data-testid="lineage-exceptions-queue-link">
          Open in the queue
        </Link>
      }
    >
      {exceptions.length ? (
        <div className="table-wrap">
          <table className="table table-compact">
            <tbody>
              {exceptions.map((e) => (
                <tr key={e.id} data-testid="lineage-exception-row" data-type={e.type} data-status={e.status}>
                  <td>
                    <SeverityBadge severity={e.severity} />
                  </td>
                  <td>
                    <Link to={exceptionsLink(queue, e.id)} data-testid="lineage-exception-open">
                      {e.title}
                    </Link>
                    <div className="small muted">
                      {humanize(e.type)} · {e.flow}
                      {e.cause ? <span className="mono"> · {e.cause}</span> : null}
                    </div>
                  </td>
                  <td>
                    <ExceptionStatusBadge status={e.status} />
                  </td>
                  <td className="num">{e.amountAtRisk ? <Amount amount={e.amountAtRisk} currency={e.currency} /> : <span className="muted">—</span>}</td>
                  <td className="small">
                    <span className="muted">First </span>
                    <UtcTime iso={e.firstSeenAt} />
                    <div>
                      <span className="muted">Last </span>
                      <UtcTime iso={e.lastSeenAt} />
                    </div>
                  </td>
                  <td className="small">
                    {e.incidentId ? (
                      <Link to={`/incidents/${encodeURIComponent(e.incidentId)}`} data-testid="lineage-exception-incident">
                        Incident
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <SectionCut shown={exceptions.length} total={total} what="exceptions" />
        </div>
      ) : (
        <EmptyState title="No exceptions">Nothing about this record has needed anyone's attention.</EmptyState>
      )}
    </Panel>
  );
}
