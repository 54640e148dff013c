import { type AlertDeliveryAttemptDto, type DeliveryOutcome } from '@closewatch/contracts/alerts';
import { Badge, type BadgeTone } from '../../components/Badge';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { UtcTime } from '../../components/UtcTime';
import { useAlertNotification } from '../../hooks/useAlerts';

const TONE: Record<DeliveryOutcome, BadgeTone> = { delivered: 'ok', retry: 'warn', failed: 'bad' };

const muted = <span className="muted">—</span>;

const columns: Column<AlertDeliveryAttemptDto>[] = [
  { header: '#', numeric: true, cell: (a) => a.attempt },
  { header: 'Tried', className: 'small', cell: (a) => <UtcTime iso={a.attemptedAt} /> },
  { header: 'Status code', cell: (a) => a.statusCode ?? muted, cellTestId: 'attempt-status-code' },
  { header: 'Latency', numeric: true, className: 'small', cell: (a) => `${a.latencyMs} ms` },
  {
    header: 'Outcome',
    cell: (a) => (
      <Badge tone={TONE[a.outcome]} data-testid="attempt-outcome">
        {a.outcome}
      </Badge>
    ),
  },
  { header: 'Receiver message', className: 'small', cell: (a) => (a.error ? <span className="text-bad">{a.error}</span> : muted) },
  { header: 'Next try', className: 'small', cell: (a) => (a.nextAttemptAt ? <UtcTime iso={a.nextAttemptAt} /> : muted) },
];

/** Every try at one notification, oldest first (fetched when its row is expanded; live events refresh it). */
export function AttemptLog({ notificationId }: { notificationId: string }) {
  const detail = useAlertNotification(notificationId);
  return (
    <div data-testid="attempt-log" data-notification={notificationId}>
      <ErrorBanner error={detail.error} onRetry={() => void detail.refetch()} />
      {detail.isLoading ? <Loading /> : null}
      {detail.data ? (
        <DataTable
          columns={columns}
          rows={detail.data.attemptLog}
          rowKey={(a) => String(a.attempt)}
          rowProps={(a) => ({ 'data-testid': 'attempt-row', 'data-outcome': a.outcome })}
          compact
          empty={<EmptyState title="Not tried yet" />}
        />
      ) : null}
    </div>
  );
}
