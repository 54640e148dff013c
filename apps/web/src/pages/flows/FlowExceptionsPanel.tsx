import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { Link } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedTable';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { useExceptionQueue } from '../../hooks/useExceptionQueue';
import { EXCEPTION_COLUMNS, exceptionTitleColumn } from '../exceptions/exception-columns';
import { exceptionsLink } from '../exceptions/queue-filters';
import { ButtonLink } from '../../components/Button';

const SHOWN = 10;

function columns(flow: string): Column<ExceptionDto>[] {
  const { severity, status, amountAtRisk, lastSeen } = EXCEPTION_COLUMNS;
  return [severity, exceptionTitleColumn((e) => exceptionsLink({ flow }, e.id)), status, amountAtRisk, lastSeen];
}

/** The flow's unresolved exceptions, most recently seen first, and the way to the filtered queue. */
export function FlowExceptionsPanel({ flow }: { flow: string }) {
  const queue = useExceptionQueue({ flow, status: 'open,acknowledged' }, SHOWN);
  return (
    <Panel
      title="Open exceptions"
      testId="flow-exceptions"
      actions={
        <ButtonLink to={exceptionsLink({ flow })} size="small" data-testid="flow-exceptions-queue-link">
          Open the queue for this flow
        </ButtonLink>
      }
    >
      <PagedTable
        list={queue}
        empty={<EmptyState title="No open exceptions">Nothing on this flow needs attention.</EmptyState>}
        compact
        headless
        columns={columns(flow)}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ 'data-testid': 'flow-exception-row', 'data-record-key': e.recordKey ?? '', 'data-type': e.type })}
      >
        {queue.hasMore ? (
          <p className="small muted pad">
            Showing the {SHOWN} most recently seen; <Link to={exceptionsLink({ flow })}>the queue</Link> has all of them.
          </p>
        ) : null}
      </PagedTable>
    </Panel>
  );
}
