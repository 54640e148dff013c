import { INCIDENT_STATUSES } from '@closewatch/contracts/exceptions';
import { Link, useSearchParams } from 'react-router-dom';
import { ExceptionStatusBadge, SeverityBadge } from '../../components/ExceptionBadges';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { MoneyList } from '../../components/MoneyList';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { useDebounced } from '../../hooks/useDebounced';
import { useIncidents } from '../../hooks/useIncidents';
import './incidents.css';

/** `status` in the address: `active` (open or acknowledged, the default), `all`, or one status. */
function statusFilter(choice: string): string | undefined {
  if (choice === 'all') return undefined;
  if (choice === '' || choice === 'active') return 'open,acknowledged';
  return choice;
}

export default function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const flow = params.get('flow') ?? '';
  const status = params.get('status') ?? 'active';
  const settledFlow = useDebounced(flow.trim(), 300);
  const incidents = useIncidents({ flow: settledFlow || undefined, status: statusFilter(status) });
  const set = (key: string, value: string, fallback: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="page" data-testid="incidents-page">
      <div className="page-header">
        <div>
          <h1>Incidents</h1>
          <p className="muted">Exceptions grouped by flow and root cause for IT and on-call; most recently active first. Updates live.</p>
        </div>
      </div>
      <Panel testId="incidents-panel">
        <div className="toolbar" role="search">
          <label className="field grow">
            <span>Flow</span>
            <input className="input" value={flow} onChange={(e) => set('flow', e.target.value, '')} placeholder="Flow id" data-testid="incidents-filter-flow" />
          </label>
          <label className="field">
            <span>Status</span>
            <select className="input" value={status} onChange={(e) => set('status', e.target.value, 'active')} data-testid="incidents-filter-status">
              <option value="active">Open or acknowledged</option>
              <option value="all">All statuses</option>
              {INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBanner error={incidents.error} onRetry={incidents.refresh} />
        {incidents.items.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="incidents-table">
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Incident</th>
                  <th scope="col">Flow</th>
                  <th scope="col">Cause</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Exceptions
                  </th>
                  <th scope="col" className="num">
                    Amount at risk
                  </th>
                  <th scope="col">First seen</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {incidents.items.map((i) => (
                  <tr key={i.id} data-testid="incident-row" data-id={i.id} data-flow={i.flow} data-cause={i.cause ?? ''} data-status={i.status}>
                    <td>
                      <SeverityBadge severity={i.severity} />
                    </td>
                    <td>
                      <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="strong-link" data-testid="incident-link">
                        {i.title}
                      </Link>
                      {i.entity || i.period ? (
                        <div className="small muted">
                          {i.entity ?? '—'} / {i.period ?? '—'}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/flows/${encodeURIComponent(i.flow)}`} className="small">
                        {i.flow}
                      </Link>
                    </td>
                    <td className="mono small">{i.cause ?? (i.type ? humanize(i.type) : '—')}</td>
                    <td>
                      <ExceptionStatusBadge status={i.status} testId="incident-status" />
                    </td>
                    <td className="num" data-testid="incident-counts">
                      <strong>{i.unresolvedCount}</strong> <span className="muted">/ {i.exceptionCount}</span>
                      <div className="small muted">seen {i.occurrences}×</div>
                    </td>
                    <td className="num">
                      <MoneyList amounts={i.amountsAtRisk} testId="incident-at-risk" />
                    </td>
                    <td className="small">
                      <UtcTime iso={i.firstSeenAt} />
                    </td>
                    <td className="small">
                      <UtcTime iso={i.lastSeenAt} />
                      {i.resolvedAt ? (
                        <div className="muted">
                          resolved <UtcTime iso={i.resolvedAt} />
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : incidents.loading ? (
          <Loading />
        ) : incidents.error ? null : (
          <EmptyState title="No incidents">Nothing matches these filters. Incidents open as soon as exceptions are found.</EmptyState>
        )}
        {incidents.hasMore ? (
          <div className="list-footer">
            <button type="button" className="button button-small" onClick={incidents.loadMore} disabled={incidents.loading}>
              Load more
            </button>
          </div>
        ) : null}
      </Panel>
    </div>
  );
}
