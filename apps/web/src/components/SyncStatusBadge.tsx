import { type FlowSyncStatus } from '@closewatch/contracts/sync-health';
import { Badge, type BadgeTone } from './Badge';

const TONE: Record<FlowSyncStatus, BadgeTone> = { healthy: 'ok', degraded: 'warn', stale: 'warn', failing: 'bad' };

/** A catalog flow's sync status against its SLO (healthy, degraded, stale, failing). */
export function SyncStatusBadge({ status, size, className }: { status: FlowSyncStatus; size?: 'normal' | 'large'; className?: string }) {
  return (
    <Badge tone={TONE[status]} size={size} className={className} data-testid="sync-status" data-status={status}>
      {status}
    </Badge>
  );
}
