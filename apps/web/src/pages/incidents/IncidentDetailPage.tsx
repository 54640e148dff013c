import { Link, useParams } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { ExceptionStatusBadge, OverdueMarker, SeverityBadge } from '../../components/ExceptionBadges';
import { ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { MoneyList } from '../../components/MoneyList';
import { UtcTime } from '../../components/UtcTime';
import { userLabel } from '../../format/actor';
import { humanize } from '../../format/catalog';
import { useIncident } from '../../hooks/useIncident';
import { exceptionsLink } from '../exceptions/queue-filters';
import './incidents.css';

export default function IncidentDetailPage() {
  const { incidentId = '' } = useParams();
  const incident = useIncident(incidentId);
  const i = incident.data;

  return (
    <div className="page" data-testid="incident-detail-page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link to="/incidents">Incidents</Link> /
          </div>
          <h1 data-testid="incident-title">{i?.title ?? 'Incident'}</h1>
          {i ? (
            <p className="muted small">
              <Link to={`/flows/${encodeURIComponent(i.flow)}`} className="mono">
                {i.flow}
              </Link>
              {i.cause ? (
                <>
                  {' '}
                  · cause <span className="mono">{i.cause}</span>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        {i ? (
          <div className="badge-row">
            <SeverityBadge severity={i.severity} />
            <ExceptionStatusBadge status={i.status} testId="incident-status" />
          </div>
        ) : null}
      </div>
      <ErrorBanner error={incident.error} onRetry={incident.reload} />
      {!i && !incident.error ? <Loading /> : null}
      {i ? (
        <>
          <Panel title="Summary" testId="incident-summary">
            <dl className="facts">
              <div>
                <dt>Exceptions</dt>
                <dd data-testid="incident-counts">
                  {i.unresolvedCount} unresolved of {i.exceptionCount}
                </dd>
              </div>
              <div>
                <dt>Occurrences</dt>
                <dd>{i.occurrences}</dd>
              </div>
              <div>
                <dt>Amount at risk</dt>
                <dd>
                  <MoneyList amounts={i.amountsAtRisk} testId="incident-at-risk" />
                </dd>
              </div>
              <div>
                <dt>Amount affected</dt>
                <dd>
                  <MoneyList amounts={i.amountsAffected} />
                </dd>
              </div>
              <div>
                <dt>Entity / period</dt>
                <dd>
                  {i.entity ?? '—'} / {i.period ?? '—'}
                </dd>
              </div>
              <div>
                <dt>First seen</dt>
                <dd>
                  <UtcTime iso={i.firstSeenAt} />
                </dd>
              </div>
              <div>
                <dt>Last seen</dt>
                <dd>
                  <UtcTime iso={i.lastSeenAt} />
                </dd>
              </div>
              <div>
                <dt>Resolved</dt>
                <dd>
                  <UtcTime iso={i.resolvedAt} />
                </dd>
              </div>
            </dl>
          </Panel>
          <Panel
            title="Exceptions"
            testId="incident-exceptions"
            actions={
              <Link to={exceptionsLink({ incident: i.id, status: 'all' })} className="button button-small" data-testid="incident-queue-link">
                Open in the queue
              </Link>
            }
          >
            {i.exceptionsTruncated ? <p className="muted small pad">Showing the {i.exceptions.length} most recent; the queue has all of them.</p> : null}
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Exception</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Amount at risk
                    </th>
                    <th scope="col">Assignee</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {i.exceptions.map((e) => (
                    <tr key={e.id} data-testid="incident-exception-row" data-id={e.id} data-record-key={e.recordKey ?? ''} data-status={e.status}>
                      <td>
                        <SeverityBadge severity={e.severity} />
                      </td>
                      <td>
                        <Link to={exceptionsLink({ incident: i.id, status: 'all' }, e.id)} className="strong-link" data-testid="incident-exception-link">
                          {e.title}
                        </Link>
                        <div className="small muted">
                          {humanize(e.type)}
                          {e.recordKey ? <span className="mono"> · {e.recordKey}</span> : null}
                        </div>
                      </td>
                      <td>
                        <ExceptionStatusBadge status={e.status} /> {e.overdue ? <OverdueMarker /> : null}
                      </td>
                      <td className="num">{e.amountAtRisk ? <Amount amount={e.amountAtRisk} currency={e.currency} /> : <span className="muted">—</span>}</td>
                      <td className="small">{userLabel(e.assignee)}</td>
                      <td className="small">
                        <UtcTime iso={e.lastSeenAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
        </>
      ) : null}
    </div>
  );
}
