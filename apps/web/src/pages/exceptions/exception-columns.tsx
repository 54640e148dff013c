import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { type Column } from '../../components/DataTable';
import { ExceptionStatusBadge, OverdueMarker, SeverityBadge } from '../../components/ExceptionBadges';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';

/** Columns of the short exception lists (a flow's, an incident's, a record's) outside the queue. */
export const EXCEPTION_COLUMNS = {
  severity: { header: 'Severity', cell: (e) => <SeverityBadge severity={e.severity} /> },
  status: {
    header: 'Status',
    cell: (e) => (
      <>
        <ExceptionStatusBadge status={e.status} /> {e.overdue ? <OverdueMarker /> : null}
      </>
    ),
  },
  amountAtRisk: {
    header: 'Amount at risk',
    numeric: true,
    cell: (e) => (e.amountAtRisk ? <Amount amount={e.amountAtRisk} currency={e.currency} /> : <span className="muted">—</span>),
  },
  lastSeen: { header: 'Last seen', className: 'small', cell: (e) => <UtcTime iso={e.lastSeenAt} /> },
} satisfies Record<
  string,
  Column<Pick<ExceptionDto, 'severity' | 'amountAtRisk' | 'currency' | 'lastSeenAt'> & { status: ExceptionDto['status']; overdue?: boolean }>
>;

/** The exception's title, opening it in the queue's drawer (`href`), with its type and record key under it. */
export function exceptionTitleColumn(href: (e: ExceptionDto) => string, link: { className?: string; testId?: string } = {}): Column<ExceptionDto> {
  return {
    header: 'Exception',
    cell: (e) => (
      <>
        <Link to={href(e)} className={link.className} data-testid={link.testId}>
          {e.title}
        </Link>
        <div className="small muted">
          {humanize(e.type)}
          {e.recordKey ? <span className="mono"> · {e.recordKey}</span> : null}
        </div>
      </>
    ),
  };
}
