import { type ReconDto } from '@closewatch/contracts/recon';
import { Link } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedTable';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { FlowLink } from '../../components/FlowLink';
import { PageHeader } from '../../components/PageHeader';
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
import { ButtonLink } from '../../components/Button';
import { Badge } from '../../components/Badge';

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
  const columns: Column<ReconDto>[] = [
    {
      header: 'Reconciliation',
      cell: (r) => (
        <>
          <Link to={`/reconciliations/${encodeURIComponent(r.id)}`} className="strong-link" data-testid="recon-link">
            {r.name}
          </Link>
          <div className="small muted mono">{r.id}</div>
          {!r.enabled ? <Badge tone="warn">disabled</Badge> : null}
        </>
      ),
    },
    { header: 'Flow', cell: (r) => <FlowLink flow={r.flow} className="small" /> },
    {
      header: 'Schedule',
      className: 'small',
      cell: (r) =>
        r.schedule ? (
          <>
            <code>{r.schedule.cron}</code> <span className="muted">{r.schedule.timezone}</span>
          </>
        ) : (
          <span className="muted">on demand</span>
        ),
    },
    { header: 'Last result', cell: (r) => <LastResult recon={r} progress={progress} /> },
    {
      header: 'Next run',
      className: 'small',
      cellTestId: 'next-run',
      cell: (r) => (r.nextRunAt ? <UtcTime iso={r.nextRunAt} /> : <span className="muted">—</span>),
    },
    { header: 'Actions', hiddenHeader: true, numeric: true, cell: (r) => (mayRun ? <RunNowButton reconId={r.id} onStarted={() => recons.refresh()} /> : null) },
  ];

  return (
    <div className="page" data-testid="reconciliations-page">
      <PageHeader
        title="Reconciliations"
        aside={
          isAdmin ? (
            <ButtonLink to="/reconciliations/new" variant="primary" data-testid="new-recon">
              New reconciliation
            </ButtonLink>
          ) : null
        }
      >
        <p className="muted">Source and target datasets compared on a schedule: last result, breaks by type and the next run. Updates live.</p>
      </PageHeader>
      <Panel testId="recons-panel">
        <PagedTable
          list={recons}
          empty={
            <EmptyState title="No reconciliations">
              {isAdmin ? 'Create one to compare a source and a target dataset.' : 'An admin defines reconciliations.'}
            </EmptyState>
          }
          moreLabel="Load more"
          testId="recons-table"
          columns={columns}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ 'data-testid': 'recon-row', 'data-id': r.id })}
        />
      </Panel>
      {isAdmin ? <ConnectionsPanel /> : null}
    </div>
  );
}
