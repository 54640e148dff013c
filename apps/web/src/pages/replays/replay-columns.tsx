import { type ReplayRequestDto, type ReplayStatus } from '@closewatch/contracts/replays';
import { Link } from 'react-router-dom';
import { Badge, type BadgeTone } from '../../components/Badge';
import { type Column } from '../../components/DataTable';
import { FlowLink } from '../../components/FlowLink';
import { UtcTime } from '../../components/UtcTime';
import { exceptionsLink } from '../exceptions/queue-filters';

const TONE: Record<ReplayStatus, BadgeTone> = {
  pending_approval: 'warn',
  requested: 'info',
  sent: 'warn',
  succeeded: 'ok',
  failed: 'bad',
  expired: 'idle',
  rejected: 'idle',
};

export function ReplayStatusBadge({ status }: { status: ReplayStatus }) {
  return (
    <Badge tone={TONE[status]} data-testid="replay-status">
      {status}
    </Badge>
  );
}

/** The columns a replay request is shown with, by name: each table picks the ones its context does not already say. */
export const REPLAY_COLUMNS = {
  requested: { header: 'Requested', className: 'small', cell: (r) => <UtcTime iso={r.requestedAt} /> },
  by: { header: 'By', className: 'small', cell: (r) => r.requestedBy.email },
  status: { header: 'Status', cell: (r) => <ReplayStatusBadge status={r.status} /> },
  outcome: {
    header: 'Outcome',
    className: 'small',
    cell: (r) => (r.outcome ? <span data-testid="replay-outcome">{r.outcome.message ?? r.outcome.source}</span> : <span className="muted">—</span>),
  },
  flow: { header: 'Flow', className: 'small', cell: (r) => <FlowLink flow={r.flow} /> },
  record: {
    header: 'Record',
    className: 'mono small',
    cell: (r) => <Link to={`/lineage?recordKey=${encodeURIComponent(r.recordKey)}`}>{r.recordKey}</Link>,
  },
  exception: {
    header: 'Exception',
    className: 'small',
    cell: (r) => (
      <Link to={exceptionsLink({ q: r.recordKey, status: 'all' }, r.exceptionId)} data-testid="replay-exception">
        Exception
      </Link>
    ),
  },
} satisfies Record<string, Column<ReplayRequestDto>>;

/** Row attributes tests and styles key on. */
export function replayRowProps(r: ReplayRequestDto) {
  return { 'data-testid': 'replay-row', 'data-status': r.status, 'data-id': r.id };
}
