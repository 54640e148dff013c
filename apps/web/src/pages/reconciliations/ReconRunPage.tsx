import { BREAK_CLASSIFICATIONS, type BreakClassificationKind, RECON_BREAK_TYPES, type ReconBreakType } from '@closewatch/contracts/recon';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { errorText } from '../../api/api-error';
import { cancelReconRun, downloadReconRun } from '../../api/recon-runs';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ExportButton } from '../../components/ExportButton';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { MoneyList } from '../../components/MoneyList';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { useReconBreaks } from '../../hooks/useReconBreaks';
import { useReconRun } from '../../hooks/useReconRun';
import { useReconRunHistory } from '../../hooks/useReconRunHistory';
import { useSession } from '../../hooks/useSession';
import { BreakCounts } from './BreakCounts';
import { BreaksTable } from './BreaksTable';
import { GroupsTable } from './GroupsTable';
import { BREAK_TYPE_LABEL, formatDuration, isFinal, keyRangesText, RECON_RUN_ROLES } from './recon-view';
import { RunProgress } from './RunProgress';
import { RunStatusBadge } from './RunStatusBadge';
import './reconciliations.css';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Select } from '../../components/Input';

const asType = (v: string | null): ReconBreakType | '' => ((RECON_BREAK_TYPES as readonly string[]).includes(v ?? '') ? (v as ReconBreakType) : '');
const asClass = (v: string | null): BreakClassificationKind | '' =>
  (BREAK_CLASSIFICATIONS as readonly string[]).includes(v ?? '') ? (v as BreakClassificationKind) : '';

/** Rows the last succeeded run before this one read on each side: what the progress bar expects. */
function useExpectedRows(reconId: string | undefined, runId: string) {
  const history = useReconRunHistory(reconId ?? null, 20);
  const previous = reconId ? history.data?.items.find((h) => h.runId !== runId && h.status === 'succeeded') : undefined;
  return previous ? { source: previous.sourceRows, target: previous.targetRows } : undefined;
}

export default function ReconRunPage() {
  const { runId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { user } = useSession();
  const run = useReconRun(runId);
  const type = asType(params.get('type'));
  const classification = asClass(params.get('classification'));
  const breaks = useReconBreaks(runId, { type, classification });
  const expected = useExpectedRows(run.data?.reconId, runId);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const mayCancel = user ? RECON_RUN_ROLES.includes(user.role) : false;

  const setFilter = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  async function cancel() {
    setCancelling(true);
    setError(null);
    try {
      await cancelReconRun(runId);
      void run.refetch();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setCancelling(false);
    }
  }

  const r = run.data;
  return (
    <div className="page" data-testid="recon-run-page">
      <nav className="breadcrumb">
        <Link to="/reconciliations">Reconciliations</Link>
        {r ? (
          <>
            {' '}
            / <Link to={`/reconciliations/${encodeURIComponent(r.reconId)}`}>{r.reconId}</Link>
          </>
        ) : null}{' '}
        / run
      </nav>
      <ErrorBanner error={run.error} onRetry={() => void run.refetch()} />
      <ErrorBanner error={error} />
      {!r ? (
        run.isFetching ? (
          <Loading />
        ) : null
      ) : (
        <>
          <div className="page-header">
            <div>
              <h1>
                Run of <span className="mono">{r.reconId}</span> <RunStatusBadge status={r.status} />
              </h1>
              <p className="muted small">
                {r.trigger} run, attempt {r.attempt}, {r.mode} mode · scope <span className="mono">{JSON.stringify(r.scope)}</span> · queued{' '}
                <UtcTime iso={r.queuedAt} />
                {r.startedAt ? (
                  <>
                    {' '}
                    · started <UtcTime iso={r.startedAt} />
                  </>
                ) : null}
                {r.finishedAt ? (
                  <>
                    {' '}
                    · finished <UtcTime iso={r.finishedAt} />
                  </>
                ) : null}
                {r.durationMs !== null ? ` · ${formatDuration(r.durationMs)}` : ''}
                {r.keyRanges ? (
                  <span title={keyRangesText(r.keyRanges)} data-testid="run-key-ranges">
                    {' '}
                    · read in {r.keyRanges.length} key ranges in parallel
                  </span>
                ) : null}
              </p>
            </div>
            <div className="panel-actions">
              <ExportButton
                formats={['csv', 'json']}
                download={(format) => downloadReconRun(r.runId, { type, classification }, format)}
                testId="run-export"
                size="normal"
              />
              {mayCancel && !isFinal(r.status) ? (
                <Button variant="danger" onClick={() => void cancel()} disabled={cancelling || r.cancelRequestedAt !== null} data-testid="cancel-run">
                  {r.cancelRequestedAt ? 'Cancelling…' : 'Cancel run'}
                </Button>
              ) : null}
            </div>
          </div>
          {!isFinal(r.status) ? (
            <Panel title="Progress" testId="run-progress-panel">
              <div className="panel-body">
                <RunProgress source={r.progress.source} target={r.progress.target} expected={expected} />
              </div>
            </Panel>
          ) : null}
          {r.error ? (
            <div className="banner banner-error" role="alert" data-testid="run-failure">
              <span>
                <strong>{r.status === 'failed' ? 'The run failed' : 'Error'}</strong> ({r.error.code}): {r.error.message}
                {r.error.retryable ? ' — it will be retried.' : ''}
              </span>
            </div>
          ) : null}
          {r.summary ? (
            <Panel title="Summary" testId="run-summary">
              <div className="recon-kpis panel-body">
                <div className="recon-kpi" data-testid="summary-source-rows">
                  <span className="muted small">Source rows</span>
                  <strong>{r.summary.source.rows}</strong>
                </div>
                <div className="recon-kpi" data-testid="summary-target-rows">
                  <span className="muted small">Target rows</span>
                  <strong>{r.summary.target.rows}</strong>
                </div>
                <div className="recon-kpi" data-testid="summary-matched">
                  <span className="muted small">Matched</span>
                  <strong>{r.summary.matched}</strong>
                  <span className="small">{r.matchedPct !== null ? `${r.matchedPct.toFixed(2)}%` : ''}</span>
                </div>
                <div className="recon-kpi">
                  <span className="muted small">Amount at risk</span>
                  <MoneyList amounts={r.amountAtRisk} testId="summary-at-risk" />
                  {r.material ? <Badge tone="bad">material</Badge> : null}
                </div>
                <div className="recon-kpi">
                  <span className="muted small">Exceptions</span>
                  <strong>
                    {r.exceptions.raised} raised, {r.exceptions.resolved} resolved
                  </strong>
                </div>
              </div>
              <div className="panel-body">
                <BreakCounts breaks={r.summary.breaks} testId="summary-breaks" />
                {Object.keys(r.classifications).length ? (
                  <div className="small muted recon-classes" data-testid="summary-classifications">
                    {Object.entries(r.classifications).map(([k, n]) => (
                      <span key={k} className="chip">
                        {humanize(k)} {n}
                      </span>
                    ))}
                  </div>
                ) : null}
              </div>
              <GroupsTable groups={r.groups} />
            </Panel>
          ) : null}
          {r.status === 'succeeded' || breaks.items.length ? (
            <Panel title="Breaks" testId="breaks-panel">
              <div className="toolbar" role="search">
                <label className="field">
                  <span>Type</span>
                  <Select value={type} onChange={(e) => setFilter('type', e.target.value)} data-testid="breaks-filter-type">
                    <option value="">All types</option>
                    {RECON_BREAK_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {BREAK_TYPE_LABEL[t]}
                      </option>
                    ))}
                  </Select>
                </label>
                <label className="field">
                  <span>Classification</span>
                  <Select value={classification} onChange={(e) => setFilter('classification', e.target.value)} data-testid="breaks-filter-classification">
                    <option value="">All classifications</option>
                    {BREAK_CLASSIFICATIONS.map((c) => (
                      <option key={c} value={c}>
                        {humanize(c)}
                      </option>
                    ))}
                  </Select>
                </label>
              </div>
              <ErrorBanner error={breaks.error} onRetry={breaks.refresh} />
              {breaks.items.length ? (
                <BreaksTable breaks={breaks.items} />
              ) : breaks.loading ? (
                <Loading />
              ) : breaks.error ? null : (
                <EmptyState title="No breaks">{type || classification ? 'None match these filters.' : 'Source and target agree.'}</EmptyState>
              )}
              {breaks.hasMore ? (
                <div className="list-footer">
                  <Button size="small" onClick={breaks.loadMore} disabled={breaks.loading} data-testid="breaks-load-more">
                    Load more
                  </Button>
                </div>
              ) : null}
            </Panel>
          ) : null}
        </>
      )}
    </div>
  );
}
