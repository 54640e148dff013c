import { Link, useParams } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { StageTag, StatusBadge } from '../../components/Badges';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { formatDuration } from '../../format/time';
import { useTrace } from '../../hooks/useTrace';
import { waterfall } from './waterfall';
import './trace.css';

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export default function TracePage() {
  const { traceId = '' } = useParams();
  const trace = useTrace(traceId);
  const rows = trace.data ? waterfall(trace.data.spans) : [];
  const first = trace.data?.spans.reduce<string | null>((m, s) => (m === null || s.startTime < m ? s.startTime : m), null) ?? null;
  const durationMs = trace.data?.spans.length
    ? Math.max(...trace.data.spans.map((s) => Date.parse(s.endTime))) - Math.min(...trace.data.spans.map((s) => Date.parse(s.startTime)))
    : 0;

  return (
    <div className="page" data-testid="trace-page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link to="/traces">Traces</Link> /
          </div>
          <h1>
            Trace <span className="mono trace-id">{traceId}</span>
          </h1>
        </div>
      </div>
      {trace.loading && !trace.data ? <Loading /> : null}
      <ErrorBanner error={trace.error} onRetry={trace.reload} />
      {trace.data ? (
        <>
          <Panel testId="trace-summary">
            <dl className="facts">
              <div>
                <dt>Spans</dt>
                <dd>
                  {trace.data.spans.length}
                  {trace.data.truncated ? ' (the earliest; more exist)' : ''}
                </dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>
                  <UtcTime iso={first} />
                </dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>{trace.data.spans.length ? formatDuration(durationMs) : '—'}</dd>
              </div>
              <div>
                <dt>Services</dt>
                <dd>{[...new Set(trace.data.spans.map((s) => s.serviceName ?? '—'))].join(', ') || '—'}</dd>
              </div>
              <div>
                <dt>Errors</dt>
                <dd className={trace.data.spans.some((s) => s.statusCode === 2) ? 'text-bad' : undefined}>{trace.data.spans.filter((s) => s.statusCode === 2).length}</dd>
              </div>
            </dl>
          </Panel>
          <Panel title="Spans" testId="trace-waterfall-panel">
            {rows.length ? (
              <div className="table-wrap">
                <table className="table waterfall" data-testid="trace-waterfall">
                  <thead>
                    <tr>
                      <th scope="col">Span</th>
                      <th scope="col">Service</th>
                      <th scope="col" className="num">
                        Duration
                      </th>
                      <th scope="col" className="waterfall-axis">
                        Timeline
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.span.spanId} data-testid="trace-span" className={r.span.statusCode === 2 ? 'span-error' : undefined}>
                        <td>
                          <div className="span-name" style={{ paddingLeft: r.depth * 16 }}>
                            {r.span.name}
                            {r.span.financeHop ? (
                              <span className="badge tone-info" title="Carries finance.flow and finance.record.key">
                                finance hop
                              </span>
                            ) : null}
                            {r.span.statusCode === 2 ? <StatusBadge status="error" /> : null}
                          </div>
                          <div className="muted small" style={{ paddingLeft: r.depth * 16 }}>
                            <span className="mono">{r.span.spanId}</span> · {KIND[r.span.kind] ?? r.span.kind}
                            {r.span.statusMessage ? <span className="text-bad"> · {r.span.statusMessage}</span> : null}
                          </div>
                        </td>
                        <td>{r.span.serviceName ?? '—'}</td>
                        <td className="num">{formatDuration(r.durationMs)}</td>
                        <td className="waterfall-axis">
                          <div className="waterfall-track">
                            <div className="waterfall-bar" style={{ left: `${r.offset * 100}%`, width: `${r.width * 100}%` }} title={`${r.span.startTime} → ${r.span.endTime}`} />
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <EmptyState title="No spans stored for this trace">The hops below came from business events that named this trace.</EmptyState>
            )}
          </Panel>
          <Panel title="Finance hops in this trace" testId="trace-hops-panel">
            {trace.data.hops.length ? (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Record</th>
                      <th scope="col">Flow</th>
                      <th scope="col">System</th>
                      <th scope="col">Stage</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {trace.data.hops.map((h, i) => (
                      <tr key={`${i}-${h.spanId ?? h.occurredAt}`}>
                        <td>
                          <UtcTime iso={h.occurredAt} />
                        </td>
                        <td>
                          <Link to={`/lineage?recordKey=${encodeURIComponent(h.recordKey)}`} className="mono">
                            {h.recordKey}
                          </Link>
                        </td>
                        <td>
                          <Link to={`/flows/${encodeURIComponent(h.flow)}`}>{h.flow}</Link>
                        </td>
                        <td>{h.system}</td>
                        <td>
                          <StageTag stage={h.stage} />
                        </td>
                        <td>
                          <StatusBadge status={h.status} />
                        </td>
                        <td className="num">
                          <Amount amount={h.amount} currency={h.currency} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted pad">No span or event of this trace carried finance attributes.</p>
            )}
          </Panel>
        </>
      ) : null}
    </div>
  );
}
