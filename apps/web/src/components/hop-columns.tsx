import { type HopDto } from '@closewatch/contracts/telemetry';
import { Link } from 'react-router-dom';
import { Amount } from './Amount';
import { StageTag, StatusBadge } from './Badges';
import { type Column } from './DataTable';
import { FlowLink } from './FlowLink';
import { UtcTime } from './UtcTime';

/** A business record as rows name it (a hop, a record in flight). */
type RecordRef = Pick<HopDto, 'recordKey' | 'recordType'>;

/** The record key, linked to its lineage, with its type under it. */
export const RECORD_WITH_TYPE_COLUMN: Column<RecordRef> = {
  header: 'Record',
  cell: (r) => (
    <>
      <RecordLink record={r} />
      {r.recordType ? <div className="small muted">{r.recordType}</div> : null}
    </>
  ),
};

/** Columns of hop tables (a flow's recent hops, a trace's finance hops), each with its link. */
export const HOP_COLUMNS = {
  time: { header: 'Time', cell: (h) => <UtcTime iso={h.occurredAt} /> },
  record: { header: 'Record', cell: (h) => <RecordLink record={h} /> },
  recordWithType: RECORD_WITH_TYPE_COLUMN,
  flow: { header: 'Flow', cell: (h) => <FlowLink flow={h.flow} /> },
  system: { header: 'System', cell: (h) => h.system },
  stage: { header: 'Stage', cell: (h) => <StageTag stage={h.stage} /> },
  status: { header: 'Status', cell: (h) => <StatusBadge status={h.status} /> },
  amount: { header: 'Amount', numeric: true, cell: (h) => <Amount amount={h.amount} currency={h.currency} /> },
} satisfies Record<string, Column<HopDto>>;

function RecordLink({ record }: { record: RecordRef }) {
  return (
    <Link to={`/lineage?recordKey=${encodeURIComponent(record.recordKey)}`} className="mono">
      {record.recordKey}
    </Link>
  );
}
