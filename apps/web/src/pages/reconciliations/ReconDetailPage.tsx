import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorText } from '../../api/api-error';
import { deleteRecon } from '../../api/recons';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { useRecon } from '../../hooks/useRecon';
import { useReconRunHistory } from '../../hooks/useReconRunHistory';
import { useSession } from '../../hooks/useSession';
import { BreakCounts } from './BreakCounts';
import { fieldRefText, formatDuration, RECON_RUN_ROLES } from './recon-view';
import { RunNowButton } from './RunNowButton';
import { RunStatusBadge } from './RunStatusBadge';
import { TrendChart } from './TrendChart';
import './reconciliations.css';
import { Button, ButtonLink } from '../../components/Button';
import { Table } from '../../components/Table';
import { ConfigHistory } from '../../components/ConfigHistory';
import { useConfirmDialog } from '../../components/ConfirmDialog';

function datasetText(d: { connector: string } & Record<string, unknown>): string {
  switch (d.connector) {
    case 'postgres':
      return `postgres on ${String(d.connection)}`;
    case 'csv':
      return `csv ${String(d.path ?? d.file)}`;
    case 'http':
      return `http ${String(d.url)}`;
    case 'telemetry':
      return `telemetry: ${String(d.stage)} in ${String(d.system)}`;
    default:
      return d.connector;
  }
}

export default function ReconDetailPage() {
  const { confirm, dialog } = useConfirmDialog();
  const { reconId = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const recon = useRecon(reconId);
  const history = useReconRunHistory(reconId);
  const [error, setError] = useState<string | null>(null);
  const mayRun = user ? RECON_RUN_ROLES.includes(user.role) : false;
  const isAdmin = user?.role === 'admin';

  async function remove() {
    if (!(await confirm({ title: `Delete reconciliation "${reconId}"?`, text: 'Its run history goes with it.', confirmLabel: 'Delete' }))) return;
    try {
      await deleteRecon(reconId);
      void navigate('/reconciliations');
    } catch (e) {
      setError(errorText(e));
    }
  }

  const r = recon.data;
  return (
    <div className="page" data-testid="recon-detail-page">
      {dialog}
      <nav className="breadcrumb">
        <Link to="/reconciliations">Reconciliations</Link> / <span className="mono">{reconId}</span>
      </nav>
      <ErrorBanner error={recon.error} onRetry={() => void recon.refetch()} />
      <ErrorBanner error={error} />
      {!r ? (
        recon.isFetching ? (
          <Loading />
        ) : null
      ) : (
        <>
          <div className="page-header">
            <div>
              <h1 data-testid="recon-name">{r.name}</h1>
              <p className="muted">
                Flow{' '}
                <Link to={`/flows/${encodeURIComponent(r.flow)}`} className="mono">
                  {r.flow}
                </Link>{' '}
                · source {datasetText(r.source as never)} · target {datasetText(r.target as never)}
              </p>
            </div>
            <div className="panel-actions">
              {mayRun ? <RunNowButton reconId={r.id} onStarted={(runId) => void navigate(`/reconciliations/runs/${runId}`)} /> : null}
              {isAdmin ? (
                <>
                  <ButtonLink to={`/reconciliations/${encodeURIComponent(r.id)}/edit`} size="small" data-testid="edit-recon">
                    Edit
                  </ButtonLink>
                  <Button size="small" variant="danger" onClick={() => void remove()} data-testid="delete-recon">
                    Delete
                  </Button>
                </>
              ) : null}
            </div>
          </div>
          <Panel title="Definition" testId="recon-definition">
            <dl className="facts">
              <div>
                <dt>Key</dt>
                <dd className="mono small" data-testid="recon-key">
                  {r.key.map(fieldRefText).join(', ')}
                </dd>
              </div>
              <div>
                <dt>Compared</dt>
                <dd className="mono small">{r.compare?.length ? r.compare.map(fieldRefText).join(', ') : '—'}</dd>
              </div>
              <div>
                <dt>Scope</dt>
                <dd className="mono small">
                  {Object.entries(r.scope)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ') || '—'}
                </dd>
              </div>
              <div>
                <dt>Schedule</dt>
                <dd>{r.schedule ? `${r.schedule.cron} (${r.schedule.timezone})` : 'on demand'}</dd>
              </div>
              <div>
                <dt>Next run</dt>
                <dd>
                  <UtcTime iso={r.nextRunAt} />
                </dd>
              </div>
              <div>
                <dt>Materiality</dt>
                <dd>{r.materiality ? `${r.materiality.amount} ${r.materiality.currency}` : '—'}</dd>
              </div>
              <div>
                <dt>Mode</dt>
                <dd>{r.mode}</dd>
              </div>
              <div>
                <dt>Version</dt>
                <dd>
                  {r.version}, updated <UtcTime iso={r.updatedAt} />
                </dd>
              </div>
            </dl>
          </Panel>
        </>
      )}
      <Panel title="Trend" testId="recon-trend-panel">
        <ErrorBanner error={history.error} onRetry={() => void history.refetch()} />
        {history.data ? <TrendChart history={history.data.items} /> : history.isFetching ? <Loading /> : null}
      </Panel>
      <Panel title="Runs" testId="recon-runs-panel">
        {history.data?.items.length ? (
          <Table data-testid="recon-runs-table">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Scope</th>
                <th scope="col" className="num">
                  Source / target rows
                </th>
                <th scope="col" className="num">
                  Matched
                </th>
                <th scope="col">Breaks</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((h) => (
                <tr key={h.runId} data-testid="recon-run-row" data-run-id={h.runId} data-status={h.status}>
                  <td>
                    <Link to={`/reconciliations/runs/${h.runId}`} data-testid="run-link">
                      <UtcTime iso={h.queuedAt} />
                    </Link>
                  </td>
                  <td>
                    <RunStatusBadge status={h.status} />
                    {h.error ? <div className="small text-bad">{h.error.message}</div> : null}
                  </td>
                  <td className="small">{h.trigger}</td>
                  <td className="small mono">{Object.values(h.scope).join(', ') || '—'}</td>
                  <td className="num small">
                    {h.sourceRows ?? '—'} / {h.targetRows ?? '—'}
                  </td>
                  <td className="num">{h.matchedPct !== null ? `${h.matchedPct.toFixed(2)}%` : '—'}</td>
                  <td>
                    <BreakCounts breaks={h.breaks} />
                  </td>
                  <td className="small">{h.durationMs !== null ? formatDuration(h.durationMs) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : history.data ? (
          <p className="muted pad">No runs yet.</p>
        ) : null}
      </Panel>

      <ConfigHistory kind="recon" objectId={reconId} />
    </div>
  );
}
