import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { Link, useParams } from 'react-router-dom';
import { type Column, DataTable } from '../../components/DataTable';
import { ExceptionStatusBadge, SeverityBadge } from '../../components/ExceptionBadges';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { MoneyList } from '../../components/MoneyList';
import { PageHeader } from '../../components/PageHeader';
import { UtcTime } from '../../components/UtcTime';
import { userLabel } from '../../format/actor';
import { useIncident } from '../../hooks/useIncident';
import { EXCEPTION_COLUMNS, exceptionTitleColumn } from '../exceptions/exception-columns';
import { exceptionsLink } from '../exceptions/queue-filters';
import './incidents.css';
import { ButtonLink } from '../../components/Button';
import { AcknowledgeIncidentButton, IncidentNotificationsPanel } from './IncidentAlerts';
import { ReplayIncidentButton } from '../replays/ReplayControls';

function incidentExceptionColumns(incident: string): Column<ExceptionDto>[] {
  const { severity, status, amountAtRisk, lastSeen } = EXCEPTION_COLUMNS;
  const title = exceptionTitleColumn((e) => exceptionsLink({ incident, status: 'all' }, e.id), { className: 'strong-link', testId: 'incident-exception-link' });
  return [severity, title, status, amountAtRisk, { header: 'Assignee', className: 'small', cell: (e) => userLabel(e.assignee) }, lastSeen];
}

export default function IncidentDetailPage() {
  const { incidentId = '' } = useParams();
  const incident = useIncident(incidentId);
  const i = incident.data;

  return (
    <div className="page" data-testid="incident-detail-page">
      <PageHeader
        up={{ to: '/incidents', label: 'Incidents' }}
        title={i?.title ?? 'Incident'}
        titleTestId="incident-title"
        aside={
          i ? (
            <div className="badge-row">
              <SeverityBadge severity={i.severity} />
              <ExceptionStatusBadge status={i.status} testId="incident-status" />
              <AcknowledgeIncidentButton incident={i} />
              <ReplayIncidentButton incident={i} />
            </div>
          ) : null
        }
      >
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
      </PageHeader>
      <ErrorBanner error={incident.error} onRetry={() => void incident.refetch()} />
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
              <ButtonLink to={exceptionsLink({ incident: i.id, status: 'all' })} size="small" data-testid="incident-queue-link">
                Open in the queue
              </ButtonLink>
            }
          >
            {i.exceptionsTruncated ? <p className="muted small pad">Showing the {i.exceptions.length} most recent; the queue has all of them.</p> : null}
            <DataTable
              columns={incidentExceptionColumns(i.id)}
              rows={i.exceptions}
              rowKey={(e) => e.id}
              rowProps={(e) => ({ 'data-testid': 'incident-exception-row', 'data-id': e.id, 'data-record-key': e.recordKey ?? '', 'data-status': e.status })}
            />
          </Panel>
          <IncidentNotificationsPanel incidentId={i.id} />
        </>
      ) : null}
    </div>
  );
}
