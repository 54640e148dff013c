import { type AlertNotificationDto, type NotificationStatus } from '@closewatch/contracts/alerts';
import { Link } from 'react-router-dom';
import { Badge, type BadgeTone } from '../../components/Badge';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { UtcTime } from '../../components/UtcTime';

const TONE: Record<NotificationStatus, BadgeTone> = { pending: 'warn', delivered: 'ok', failed: 'bad', silenced: 'idle' };

export function NotificationStatusBadge({ status }: { status: NotificationStatus }) {
  return (
    <Badge tone={TONE[status]} data-testid="notification-status">
      {status}
    </Badge>
  );
}

/** The delivery log: one row per notification, newest first (with the incident column unless it is one incident's log). */
export function NotificationsTable({ rows, showIncident = true }: { rows: readonly AlertNotificationDto[]; showIncident?: boolean }) {
  const columns: Column<AlertNotificationDto>[] = [
    { header: 'Written', className: 'small', cell: (n) => <UtcTime iso={n.createdAt} /> },
    ...(showIncident
      ? [
          {
            header: 'Incident',
            className: 'mono small',
            cell: (n: AlertNotificationDto) =>
              n.incidentId ? (
                <Link to={`/incidents/${encodeURIComponent(n.incidentId)}`}>{n.incidentId.slice(0, 8)}</Link>
              ) : n.replayRequestId ? (
                `replay ${n.replayRequestId.slice(0, 8)}`
              ) : (
                'OpenLineage event'
              ),
          },
        ]
      : []),
    { header: 'Receiver', className: 'mono', cell: (n) => n.receiver },
    { header: 'Action', cell: (n) => n.action, cellTestId: 'notification-action' },
    { header: 'Status', cell: (n) => <NotificationStatusBadge status={n.status} /> },
    { header: 'Attempts', numeric: true, cell: (n) => n.attempts },
    { header: 'Last answer', className: 'small', cell: (n) => (n.lastStatusCode === null ? <span className="muted">—</span> : n.lastStatusCode) },
    {
      header: 'Delivered / next try',
      className: 'small',
      cell: (n) =>
        n.deliveredAt ? (
          <>
            <UtcTime iso={n.deliveredAt} /> <span className="muted">({n.latencyMs} ms)</span>
          </>
        ) : n.status === 'pending' ? (
          <>
            next <UtcTime iso={n.dueAt} />
          </>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { header: 'Error', className: 'small', cell: (n) => (n.lastError ? <span className="text-bad">{n.lastError}</span> : <span className="muted">—</span>) },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(n) => n.id}
      rowProps={(n) => ({ 'data-testid': 'notification-row', 'data-action': n.action, 'data-status': n.status, 'data-receiver': n.receiver })}
      empty={<EmptyState title="No notifications" />}
      testId="notifications-table"
    />
  );
}
