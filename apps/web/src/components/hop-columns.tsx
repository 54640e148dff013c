import { type HopDto } from '@closewatch/contracts/telemetry';
import { Link } from 'react-router-dom';
import { Amount } from './Amount';
import { StageTag, StatusBadge } from './Badges';
import { type Column } from './DataTable';
import { UtcTime } from './UtcTime';

/** Columns of hop tables (a flow's recent hops, a trace's finance hops), each with its link. */
export const HOP_COLUMNS = {
  time: { header: 'Time', cell: (h) => <UtcTime iso={h.occurredAt} /> },
  record: { header: 'Record', cell: (h) => <RecordLink hop={h} /> },
  recordWithType: {
    header: 'Record',
    cell: (h) => (
      <>
        <RecordLink hop={h} />
        {h.recordType ? <div className="small muted">{h.recordType}</div> : null}
      </>
    ),
  },
  flow: { header: 'Flow', cell: (h) => <Link to={`/flows/${encodeURIComponent(h.flow)}`}>{h.flow}</Link> },
  system: { header: 'System', cell: (h) => h.system },
  stage: { header: 'Stage', cell: (h) => <StageTag stage={h.stage} /> },
  status: { header: 'Status', cell: (h) => <StatusBadge status={h.status} /> },
  amount: { header: 'Amount', numeric: true, cell: (h) => <Amount amount={h.amount} currency={h.currency} /> },
} satisfies Record<string, Column<HopDto>>;

function RecordLink({ hop }: { hop: HopDto }) {
  return (
    <Link to={`/lineage?recordKey=${encodeURIComponent(hop.recordKey)}`} className="mono">
      {hop.recordKey}
    </Link>
  );
}
