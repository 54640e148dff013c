import { type HopDto } from '@closewatch/contracts/telemetry';
import { useParams } from 'react-router-dom';
import { StatusBadge } from '../../components/Badges';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { HOP_COLUMNS } from '../../components/hop-columns';
import { PageHeader } from '../../components/PageHeader';
import { UtcTime } from '../../components/UtcTime';
import { formatDuration } from '../../format/time';
import { useTrace } from '../../hooks/useTrace';
import { waterfall, type WaterfallRow } from './waterfall';
import './trace.css';
import { Badge } from '../../components/Badge';

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

const SPAN_COLUMNS: Column<WaterfallRow>[] = [
  {
    header: 'Span',
    cell: (r) => (
      <>
        <div className="span-name" style={{ paddingLeft: r.depth * 16 }}>
          {r.span.name}
          {r.span.financeHop ? (
            <Badge tone="info" title="Carries finance.flow and finance.record.key">
              finance hop
            </Badge>
          ) : null}
          {r.span.statusCode === 2 ? <StatusBadge status="error" /> : null}
        </div>
        <div className="muted small" style={{ paddingLeft: r.depth * 16 }}>
          <span className="mono">{r.span.spanId}</span> · {KIND[r.span.kind] ?? r.span.kind}
          {r.span.statusMessage ? <span className="text-bad"> · {r.span.statusMessage}</span> : null}
        </div>
      </>
    ),
  },
  { header: 'Service', cell: (r) => r.span.serviceName ?? '—' },
  { header: 'Duration', numeric: true, cell: (r) => formatDuration(r.durationMs) },
  {
    header: 'Timeline',
    headerClassName: 'waterfall-axis',
    className: 'waterfall-axis',
    cell: (r) => (
      <div className="waterfall-track">
        <div className="waterfall-bar" style={{ left: `${r.offset * 100}%`, width: `${r.width * 100}%` }} title={`${r.span.startTime} → ${r.span.endTime}`} />
      </div>
    ),
  },
];

const TRACE_HOP_COLUMNS: Column<HopDto>[] = [
  HOP_COLUMNS.time,
  HOP_COLUMNS.record,
  HOP_COLUMNS.flow,
  HOP_COLUMNS.system,
  HOP_COLUMNS.stage,
  HOP_COLUMNS.status,
  HOP_COLUMNS.amount,
];

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
      <PageHeader
        up={{ to: '/traces', label: 'Traces' }}
        title={
          <>
            Trace <span className="mono trace-id">{traceId}</span>
          </>
        }
      />
      {trace.isLoading ? <Loading /> : null}
      <ErrorBanner error={trace.error} onRetry={() => void trace.refetch()} />
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
                <dd className={trace.data.spans.some((s) => s.statusCode === 2) ? 'text-bad' : undefined}>
                  {trace.data.spans.filter((s) => s.statusCode === 2).length}
                </dd>
              </div>
            </dl>
          </Panel>
          <Panel title="Spans" testId="trace-waterfall-panel">
            <DataTable
              className="waterfall"
              testId="trace-waterfall"
              columns={SPAN_COLUMNS}
              rows={rows}
              rowKey={(r) => r.span.spanId}
              rowProps={(r) => ({ 'data-testid': 'trace-span', className: r.span.statusCode === 2 ? 'span-error' : undefined })}
              empty={<EmptyState title="No spans stored for this trace">The hops below came from business events that named this trace.</EmptyState>}
            />
          </Panel>
          <Panel title="Finance hops in this trace" testId="trace-hops-panel">
            <DataTable
              columns={TRACE_HOP_COLUMNS}
              rows={trace.data.hops}
              rowKey={(h, i) => `${i}-${h.spanId ?? h.occurredAt}`}
              empty={<p className="muted pad">No span or event of this trace carried finance attributes.</p>}
            />
          </Panel>
        </>
      ) : null}
    </div>
  );
}
