import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { ExceptionStatusBadge, OverdueMarker, PendingDismissalMarker, SeverityBadge } from '../../components/ExceptionBadges';
import { UtcTime } from '../../components/UtcTime';
import { userLabel } from '../../format/actor';
import { humanize } from '../../format/catalog';
import { formatAge } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { Table } from '../../components/Table';

interface Props {
  items: ExceptionDto[];
  /** Ids the last live change touched: their rows flash once. */
  changed: ReadonlySet<string>;
  openId: string | null;
  onOpen(id: string): void;
  /** Fewer columns, when the drawer takes half the width. */
  compact: boolean;
  /** Null when the user may not act (no selection column). */
  selection: { selected: ReadonlySet<string>; toggle(id: string): void; toggleAll(ids: string[], on: boolean): void } | null;
}

/** The queue: one row per exception; a click opens it in the drawer. */
export function ExceptionTable({ items, changed, openId, onOpen, selection, compact }: Props) {
  const now = useNow(30_000);
  const allSelected = selection !== null && items.length > 0 && items.every((e) => selection.selected.has(e.id));
  return (
    <Table className="queue-table" data-testid="exceptions-table">
      <thead>
        <tr>
          {selection ? (
            <th scope="col" className="check-col">
              <input
                type="checkbox"
                aria-label="Select all shown"
                checked={allSelected}
                onChange={(e) =>
                  selection.toggleAll(
                    items.map((i) => i.id),
                    e.target.checked,
                  )
                }
                data-testid="select-all"
              />
            </th>
          ) : null}
          <th scope="col">Severity</th>
          <th scope="col">Exception</th>
          {compact ? null : <th scope="col">Flow</th>}
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Amount at risk
          </th>
          {compact ? null : (
            <>
              <th scope="col">Entity / period</th>
              <th scope="col">Age</th>
            </>
          )}
          <th scope="col">Assignee</th>
          {compact ? null : <th scope="col">Last seen</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr
            key={e.id}
            className={`queue-row${e.id === openId ? ' is-open' : ''}${changed.has(e.id) ? ' is-changed' : ''}`}
            data-testid="exception-row"
            data-id={e.id}
            data-record-key={e.recordKey ?? ''}
            data-type={e.type}
            data-status={e.status}
            onClick={(ev) => {
              if (!(ev.target as HTMLElement).closest('a,button,input,label')) onOpen(e.id);
            }}
          >
            {selection ? (
              <td className="check-col">
                <input
                  type="checkbox"
                  aria-label={`Select ${e.recordKey ?? e.title}`}
                  checked={selection.selected.has(e.id)}
                  onChange={() => selection.toggle(e.id)}
                  data-testid="select-row"
                />
              </td>
            ) : null}
            <td>
              <SeverityBadge severity={e.severity} />
            </td>
            <td className="queue-title">
              <button type="button" className="linklike strong" onClick={() => onOpen(e.id)} data-testid="open-exception">
                {e.title}
              </button>
              <div className="small muted">
                {humanize(e.type)}
                {e.cause ? <span className="mono"> · {e.cause}</span> : null}
                {e.recordKey ? <span className="mono"> · {e.recordKey}</span> : null}
                {e.runId && !e.recordKey ? <span className="mono"> · run {e.runId}</span> : null}
                {compact ? <span> · {e.flow}</span> : null}
              </div>
            </td>
            {compact ? null : (
              <td>
                <Link to={`/flows/${encodeURIComponent(e.flow)}`} className="small">
                  {e.flow}
                </Link>
              </td>
            )}
            <td>
              <div className="badge-stack">
                <ExceptionStatusBadge status={e.status} />
                {e.overdue ? <OverdueMarker /> : null}
                {e.dismissal?.pendingApproval ? <PendingDismissalMarker /> : null}
              </div>
            </td>
            <td className="num">{e.amountAtRisk ? <Amount amount={e.amountAtRisk} currency={e.currency} /> : <span className="muted">—</span>}</td>
            {compact ? null : (
              <>
                <td className="small">
                  {e.entity ?? '—'} / {e.period ?? '—'}
                </td>
                <td className="small">
                  <span className="chip">{e.ageBucket}</span>
                  <div className="muted">{formatAge(e.firstSeenAt, now)}</div>
                </td>
              </>
            )}
            <td className="small" data-testid="row-assignee">
              {e.assignee ? userLabel(e.assignee) : <span className="muted">Unassigned</span>}
            </td>
            {compact ? null : (
              <td className="small">
                <UtcTime iso={e.lastSeenAt} />
                {e.occurrences > 1 ? <div className="muted">seen {e.occurrences}×</div> : null}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
