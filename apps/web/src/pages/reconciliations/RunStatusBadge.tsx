import { type ReconRunStatus } from '@closewatch/contracts/recon';

const TONE: Record<ReconRunStatus, string> = { queued: 'info', running: 'info', succeeded: 'ok', failed: 'bad', cancelled: 'warn' };

export function RunStatusBadge({ status, testId = 'run-status' }: { status: ReconRunStatus; testId?: string }) {
  return (
    <span className={`badge tone-${TONE[status]}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}
