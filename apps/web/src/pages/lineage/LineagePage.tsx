import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { downloadLineage } from '../../api/lineage';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ExportButton } from '../../components/ExportButton';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { useLineage } from '../../hooks/useLineage';
import { LineageBreaksPanel } from './LineageBreaksPanel';
import { LineageExceptionsPanel } from './LineageExceptionsPanel';
import { LineageReplaysPanel } from './LineageReplaysPanel';
import { LineageTimeline } from './LineageTimeline';
import { LineageTracesPanel } from './LineageTracesPanel';
import './lineage.css';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';

export default function LineagePage() {
  const [params, setParams] = useSearchParams();
  const recordKey = params.get('recordKey')?.trim() || null;
  const lineage = useLineage(recordKey);
  const [draft, setDraft] = useState(recordKey ?? '');

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const key = draft.trim();
    if (key) setParams({ recordKey: key });
  }

  const data = lineage.data;
  const flows = data ? [...new Set(data.hops.map((h) => h.flow))] : [];
  const systems = data ? [...new Set(data.hops.map((h) => h.system))] : [];

  return (
    <div className="page" data-testid="lineage-page">
      <div className="page-header">
        <div>
          <h1>Lineage</h1>
          <p className="muted">The full trail of one business record across flows and systems, in time order.</p>
        </div>
      </div>
      <form className="search-bar" onSubmit={search} role="search">
        <label className="field grow">
          <span>Record key</span>
          <Input
            className="mono"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="e.g. INV-10023"
            aria-label="Record key"
            data-testid="lineage-search-input"
          />
        </label>
        <Button type="submit" variant="primary" disabled={!draft.trim()} data-testid="lineage-search-submit">
          Show lineage
        </Button>
      </form>

      {!recordKey ? (
        <EmptyState title="Search a record key">Invoice numbers, journal ids, payment references: whatever key the integrations report.</EmptyState>
      ) : null}
      {recordKey && lineage.isLoading ? <Loading /> : null}
      <ErrorBanner error={lineage.error} onRetry={() => void lineage.refetch()} />

      {data && recordKey ? (
        <>
          <Panel
            title={
              <>
                Record <span className="mono">{data.recordKey}</span>
              </>
            }
            actions={
              <ExportButton
                formats={['csv', 'json']}
                download={(format) => downloadLineage(data.recordKey, format)}
                disabled={!data.hops.length}
                testId="lineage-export"
              />
            }
            testId="lineage-summary"
          >
            <dl className="facts">
              <div>
                <dt>Hops</dt>
                <dd data-testid="lineage-hop-count">
                  {data.hops.length}
                  {data.truncated ? ' (first ones; more exist)' : ''}
                </dd>
              </div>
              <div>
                <dt>Flows</dt>
                <dd>
                  {flows.map((f) => (
                    <Link key={f} to={`/flows/${encodeURIComponent(f)}`} className="chip">
                      {f}
                    </Link>
                  ))}
                  {!flows.length ? '—' : null}
                </dd>
              </div>
              <div>
                <dt>Systems</dt>
                <dd>{systems.length ? systems.join(' → ') : '—'}</dd>
              </div>
              <div>
                <dt>First seen</dt>
                <dd>
                  <UtcTime iso={data.hops[0]?.occurredAt} />
                </dd>
              </div>
              <div>
                <dt>Last seen</dt>
                <dd>
                  <UtcTime iso={data.hops[data.hops.length - 1]?.occurredAt} />
                </dd>
              </div>
              <div>
                <dt>Amount drift</dt>
                <dd className={data.amountDrift.length ? 'text-bad' : undefined} data-testid="lineage-drift-count">
                  {data.amountDrift.length ? `${data.amountDrift.length} change${data.amountDrift.length === 1 ? '' : 's'}` : 'none'}
                </dd>
              </div>
              <div>
                <dt>Traces</dt>
                <dd>
                  {data.traceIds.length
                    ? data.traceIds.map((t) => (
                        <Link key={t} to={`/traces/${t}`} className="chip mono" title={t}>
                          {t.slice(0, 12)}…
                        </Link>
                      ))
                    : '—'}
                </dd>
              </div>
            </dl>
          </Panel>
          <Panel title="Timeline" testId="lineage-timeline-panel">
            {data.hops.length ? (
              <LineageTimeline lineage={data} />
            ) : (
              <EmptyState title={`No hops for ${data.recordKey}`}>
                Nothing has reported this record key yet. Check the key, or whether its flow sends telemetry.
              </EmptyState>
            )}
          </Panel>
          <LineageExceptionsPanel recordKey={data.recordKey} exceptions={data.exceptions} total={data.totals.exceptions} />
          <LineageReplaysPanel recordKey={data.recordKey} />
          <LineageBreaksPanel breaks={data.breaks} total={data.totals.breaks} />
          <LineageTracesPanel traces={data.traces} total={data.totals.traces} />
        </>
      ) : null}
    </div>
  );
}
