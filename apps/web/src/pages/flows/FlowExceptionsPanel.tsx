import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { ExceptionStatusBadge, OverdueMarker, SeverityBadge } from '../../components/ExceptionBadges';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { useExceptionQueue } from '../../hooks/useExceptionQueue';
import { exceptionsLink } from '../exceptions/queue-filters';

const SHOWN = 10;

/** The flow's unresolved exceptions, most recently seen first, and the way to the filtered queue. */
export function FlowExceptionsPanel({ flow }: { flow: string }) {
  const queue = useExceptionQueue({ flow, status: 'open,acknowledged' }, SHOWN);
  return (
    <Panel
      title="Open exceptions"
      testId="flow-exceptions"
      actions={
        <Link to={exceptionsLink({ flow })} className="button button-small" data-testid="flow-exceptions-queue-link">
          Open the queue for this flow
        </Link>
      }
    >
      <ErrorBanner error={queue.error} onRetry={queue.refresh} />
      {queue.items.length ? (
        <div className="table-wrap">
          <table className="table table-compact">
            <tbody>
              {queue.items.map((e) => (
                <tr key={e.id} data-testid="flow-exception-row" data-record-key={e.recordKey ?? ''} data-type={e.type}>
                  <td>
                    <SeverityBadge severity={e.severity} />
                  </td>
                  <td>
                    <Link to={exceptionsLink({ flow }, e.id)}>{e.title}</Link>
                    <div className="small muted">
                      {humanize(e.type)}
                      {e.recordKey ? <span className="mono"> · {e.recordKey}</span> : null}
                    </div>
                  </td>
                  <td>
                    <ExceptionStatusBadge status={e.status} /> {e.overdue ? <OverdueMarker /> : null}
                  </td>
                  <td className="num">{e.amountAtRisk ? <Amount amount={e.amountAtRisk} currency={e.currency} /> : <span className="muted">—</span>}</td>
                  <td className="small">
                    <UtcTime iso={e.lastSeenAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {queue.hasMore ? (
            <p className="small muted pad">
              Showing the {SHOWN} most recently seen; <Link to={exceptionsLink({ flow })}>the queue</Link> has all of them.
            </p>
          ) : null}
        </div>
      ) : queue.loading ? (
        <Loading />
      ) : queue.error ? null : (
        <EmptyState title="No open exceptions">Nothing on this flow needs attention.</EmptyState>
      )}
    </Panel>
  );
}
