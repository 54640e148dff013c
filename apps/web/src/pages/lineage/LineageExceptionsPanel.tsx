import { type LineageExceptionDto } from '@closewatch/contracts/lineage';
import { Link } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { EXCEPTION_COLUMNS } from '../exceptions/exception-columns';
import { exceptionsLink, type QueueFilters } from '../exceptions/queue-filters';
import { LineageSection } from './LineageSection';
import { ButtonLink } from '../../components/Button';

function columns(queue: Partial<QueueFilters>): Column<LineageExceptionDto>[] {
  const { severity, status, amountAtRisk } = EXCEPTION_COLUMNS;
  return [
    severity,
    {
      header: 'Exception',
      cell: (e) => (
        <>
          <Link to={exceptionsLink(queue, e.id)} data-testid="lineage-exception-open">
            {e.title}
          </Link>
          <div className="small muted">
            {humanize(e.type)} · {e.flow}
            {e.cause ? <span className="mono"> · {e.cause}</span> : null}
          </div>
        </>
      ),
    },
    status,
    amountAtRisk,
    {
      header: 'Seen',
      className: 'small',
      cell: (e) => (
        <>
          <span className="muted">First </span>
          <UtcTime iso={e.firstSeenAt} />
          <div>
            <span className="muted">Last </span>
            <UtcTime iso={e.lastSeenAt} />
          </div>
        </>
      ),
    },
    {
      header: 'Incident',
      className: 'small',
      cell: (e) =>
        e.incidentId ? (
          <Link to={`/incidents/${encodeURIComponent(e.incidentId)}`} data-testid="lineage-exception-incident">
            Incident
          </Link>
        ) : null,
    },
  ];
}

/** The record's exceptions of every status, newest first; each opens in the queue's drawer, filtered by the record key. */
export function LineageExceptionsPanel({ recordKey, exceptions, total }: { recordKey: string; exceptions: LineageExceptionDto[]; total: number }) {
  const queue = { q: recordKey, status: 'all' as const };
  return (
    <LineageSection
      title="Exceptions"
      total={total}
      what="exceptions"
      testId="lineage-exceptions"
      actions={
        <ButtonLink to={exceptionsLink(queue)} size="small" data-testid="lineage-exceptions-queue-link">
          Open in the queue
        </ButtonLink>
      }
      headless
      columns={columns(queue)}
      rows={exceptions}
      rowKey={(e) => e.id}
      rowProps={(e) => ({ 'data-testid': 'lineage-exception-row', 'data-type': e.type, 'data-status': e.status })}
      empty={{ title: 'No exceptions', text: "Nothing about this record has needed anyone's attention." }}
    />
  );
}
