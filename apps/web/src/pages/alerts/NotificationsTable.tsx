import { type AlertNotificationDto, type NotificationStatus } from '@closewatch/contracts/alerts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { UtcTime } from '../../components/UtcTime';
import { AttemptLog } from './AttemptLog';

const TONE: Record<NotificationStatus, BadgeTone> = { pending: 'warn', delivered: 'ok', failed: 'bad', silenced: 'idle' };

export function NotificationStatusBadge({ status }: { status: NotificationStatus }) {
  return (
    <Badge tone={TONE[status]} data-testid="notification-status">
      {status}
    </Badge>
  );
}

const incidentLink = (id: string) => (
  <Link key={id} to={`/incidents/${encodeURIComponent(id)}`}>
    {id.slice(0, 8)}
  </Link>
);

/** The incident a notification is about, or each of a group batch's incidents. */
function Subject({ n }: { n: AlertNotificationDto }) {
  if (!n.incidentId) return <>{n.replayRequestId ? `replay ${n.replayRequestId.slice(0, 8)}` : 'OpenLineage event'}</>;
  if (n.incidentIds.length <= 1) return incidentLink(n.incidentId);
  return (
    <span data-testid="notification-batch">
      {n.incidentIds.length} incidents: {n.incidentIds.slice(0, 5).flatMap((id, i) => (i ? [', ', incidentLink(id)] : [incidentLink(id)]))}
      {n.incidentIds.length > 5 ? ', …' : null}
    </span>
  );
}

/**
 * The delivery log: one row per notification, newest first (with the incident column unless it
 * is one incident's log, where a group batch still names its size); "Attempts" expands a row
 * into its attempt log.
 */
export function NotificationsTable({ rows, showIncident = true }: { rows: readonly AlertNotificationDto[]; showIncident?: boolean }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columns: Column<AlertNotificationDto>[] = [
    { header: 'Written', className: 'small', cell: (n) => <UtcTime iso={n.createdAt} /> },
    ...(showIncident
      ? [
          {
            header: 'Incident',
            className: 'mono small',
            cell: (n: AlertNotificationDto) => <Subject n={n} />,
          },
        ]
      : [{ header: 'Group', className: 'small', cell: (n: AlertNotificationDto) => (n.incidentIds.length > 1 ? `${n.incidentIds.length} incidents` : '—') }]),
    { header: 'Receiver', className: 'mono', cell: (n) => n.receiver },
    { header: 'Action', cell: (n) => n.action, cellTestId: 'notification-action' },
    { header: 'Status', cell: (n) => <NotificationStatusBadge status={n.status} /> },
    {
      header: 'Attempts',
      numeric: true,
      cell: (n) => (
        <Button size="small" variant="quiet" onClick={() => toggle(n.id)} aria-expanded={open.has(n.id)} data-testid="notification-attempts">
          {n.attempts} {open.has(n.id) ? '▾' : '▸'}
        </Button>
      ),
    },
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
      expanded={(n) => (open.has(n.id) ? <AttemptLog notificationId={n.id} /> : null)}
      empty={<EmptyState title="No notifications" />}
      testId="notifications-table"
    />
  );
}
