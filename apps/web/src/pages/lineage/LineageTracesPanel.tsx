import { type LineageTraceDto } from '@closewatch/contracts/lineage';
import { Link } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { UtcTime } from '../../components/UtcTime';
import { LineageSection } from './LineageSection';
import { Badge } from '../../components/Badge';

const COLUMNS: Column<LineageTraceDto>[] = [
  {
    header: 'Trace',
    cell: (tr) => (
      <Link to={`/traces/${tr.traceId}`} className="mono" title={tr.traceId} data-testid="lineage-trace-open">
        {tr.traceId.slice(0, 16)}…
      </Link>
    ),
  },
  { header: 'First hop', className: 'small', cell: (tr) => <UtcTime iso={tr.firstAt} /> },
  { header: 'Last hop', className: 'small', cell: (tr) => <UtcTime iso={tr.lastAt} /> },
  {
    header: 'Hops',
    numeric: true,
    cell: (tr) => (
      <>
        {tr.hops}
        {tr.errors ? (
          <Badge tone="bad" className="lineage-errors">
            {tr.errors} failed
          </Badge>
        ) : null}
      </>
    ),
  },
  {
    header: 'Flows',
    cell: (tr) =>
      tr.flows.map((f) => (
        <Link key={f} to={`/flows/${encodeURIComponent(f)}`} className="chip">
          {f}
        </Link>
      )),
  },
  { header: 'Systems', className: 'small', cell: (tr) => tr.systems.join(' → ') },
];

/** The traces behind the record, newest first, each linked to its trace page. */
export function LineageTracesPanel({ traces, total }: { traces: LineageTraceDto[]; total: number }) {
  return (
    <LineageSection
      title="Traces"
      total={total}
      what="traces"
      testId="lineage-traces"
      columns={COLUMNS}
      rows={traces}
      rowKey={(tr) => tr.traceId}
      rowProps={(tr) => ({ 'data-testid': 'lineage-trace-row', 'data-trace-id': tr.traceId })}
      empty={{ title: 'No traces', text: "None of the record's hops carried a trace id." }}
    />
  );
}
