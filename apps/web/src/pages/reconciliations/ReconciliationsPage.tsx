import { type ReconDto } from '@closewatch/contracts/recon';
import { Link } from 'react-router-dom';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { useReconProgress } from '../../hooks/useReconProgress';
import { useRecons } from '../../hooks/useRecons';
import { useSession } from '../../hooks/useSession';
import { BreakCounts } from './BreakCounts';
import { ConnectionsPanel } from './ConnectionsPanel';
import { RECON_RUN_ROLES } from './recon-view';
import { RunNowButton } from './RunNowButton';
import { RunProgress } from './RunProgress';
import { RunStatusBadge } from './RunStatusBadge';
import './reconciliations.css';

function LastResult({ recon, progress }: { recon: ReconDto; progress: ReturnType<typeof useReconProgress> }) {
  const last = recon.lastRun;
  if (!last) return <span className="muted">never run</span>;
  const live = progress.get(last.runId);
  return (
    <div className="recon-last" data-testid="last-result" data-run-id={last.runId} data-status={last.status}>
      <div className="recon-last-line">
        <RunStatusBadge status={last.status} />
        {last.matchedPct !== null ? (
          <span className="recon-matched" data-testid="matched-pct">
            {last.matchedPct.toFixed(2)}% matched
          </span>
        ) : null}
        <Link to={`/reconciliations/runs/${last.runId}`} className="small" data-testid="open-run">
          Open run
        </Link>
      </div>
      {last.status === 'running' || last.status === 'queued' ? (
        <RunProgress source={live?.source ?? 0} target={live?.target ?? 0} />
      ) : last.status === 'succeeded' ? (
        <BreakCounts breaks={last.breaks} />
      ) : last.error ? (
        <div className="small text-bad" data-testid="run-error">
          {last.error.message}
        </div>
      ) : null}
      <div className="small muted">
        {last.finishedAt ? 'finished' : 'queued'} <UtcTime iso={last.finishedAt ?? last.queuedAt} />
      </div>
    </div>
  );
}

export default function ReconciliationsPage() {
  const { user } = useSession();
  const recons = useRecons();
  const progress = useReconProgress();
  const mayRun = user ? RECON_RUN_ROLES.includes(user.role) : false;
  const isAdmin = user?.role === 'admin';

  return (
    <div className="page" data-testid="reconciliations-page">
      <div className="page-header">
        <div>
          <h1>Reconciliations</h1>
          <p className="muted">Source and target datasets compared on a schedule: last result, breaks by type and the next run. Updates live.</p>
        </div>
        {isAdmin ? (
          <Link to="/reconciliations/new" className="button button-primary" data-testid="new-recon">
            New reconciliation
          </Link>
        ) : null}
      </div>
      <Panel testId="recons-panel">
        <ErrorBanner error={recons.error} onRetry={recons.refresh} />
        {recons.items.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="recons-table">
              <thead>
                <tr>
                  <th scope="col">Reconciliation</th>
                  <th scope="col">Flow</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Last result</th>
                  <th scope="col">Next run</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {recons.items.map((r) => (
                  <tr key={r.id} data-testid="recon-row" data-id={r.id}>
                    <td>
                      <Link to={`/reconciliations/${encodeURIComponent(r.id)}`} className="strong-link" data-testid="recon-link">
                        {r.name}
                      </Link>
                      <div className="small muted mono">{r.id}</div>
                      {!r.enabled ? <span className="badge tone-warn">disabled</span> : null}
                    </td>
                    <td>
                      <Link to={`/flows/${encodeURIComponent(r.flow)}`} className="small">
                        {r.flow}
                      </Link>
                    </td>
                    <td className="small">
                      {r.schedule ? (
                        <>
                          <code>{r.schedule.cron}</code> <span className="muted">{r.schedule.timezone}</span>
                        </>
                      ) : (
                        <span className="muted">on demand</span>
                      )}
                    </td>
                    <td>
                      <LastResult recon={r} progress={progress} />
                    </td>
                    <td className="small" data-testid="next-run">
                      {r.nextRunAt ? <UtcTime iso={r.nextRunAt} /> : <span className="muted">—</span>}
                    </td>
                    <td className="num">{mayRun ? <RunNowButton reconId={r.id} onStarted={() => recons.refresh()} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : recons.loading ? (
          <Loading />
        ) : recons.error ? null : (
          <EmptyState title="No reconciliations">{isAdmin ? 'Create one to compare a source and a target dataset.' : 'An admin defines reconciliations.'}</EmptyState>
        )}
        {recons.hasMore ? (
          <div className="list-footer">
            <button type="button" className="button button-small" onClick={recons.loadMore} disabled={recons.loading}>
              Load more
            </button>
          </div>
        ) : null}
      </Panel>
      {isAdmin ? <ConnectionsPanel /> : null}
    </div>
  );
}
