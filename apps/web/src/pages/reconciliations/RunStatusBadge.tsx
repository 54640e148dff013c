import { type ReconRunStatus } from '@closewatch/contracts/recon';
import { Badge, type BadgeTone } from '../../components/Badge';

const TONE: Record<ReconRunStatus, BadgeTone> = { queued: 'info', running: 'info', succeeded: 'ok', failed: 'bad', cancelled: 'warn' };

export function RunStatusBadge({ status, testId = 'run-status' }: { status: ReconRunStatus; testId?: string }) {
  return (
    <Badge tone={TONE[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}
