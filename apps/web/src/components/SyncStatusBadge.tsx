import { type FlowSyncStatus } from '@closewatch/contracts/sync-health';

const TONE: Record<FlowSyncStatus, string> = { healthy: 'tone-ok', degraded: 'tone-warn', stale: 'tone-warn', failing: 'tone-bad' };

/** A catalog flow's sync status against its SLO (healthy, degraded, stale, failing). */
export function SyncStatusBadge({ status }: { status: FlowSyncStatus }) {
  return (
    <span className={`badge ${TONE[status]}`} data-testid="sync-status" data-status={status}>
      {status}
    </span>
  );
}
