import { type ExceptionStatus, type IncidentStatus, type Severity } from '@closewatch/contracts/exceptions';
import { Badge, type BadgeTone } from './Badge';

const SEVERITY_TONE: Record<Severity, BadgeTone> = { critical: 'critical', high: 'bad', medium: 'warn', low: 'info' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge tone={SEVERITY_TONE[severity]} data-testid="severity-badge" data-severity={severity}>
      {severity}
    </Badge>
  );
}

const STATUS_TONE: Record<ExceptionStatus | IncidentStatus, BadgeTone> = { open: 'bad', acknowledged: 'warn', resolved: 'ok', dismissed: 'idle' };

/** Status of an exception or an incident. */
export function ExceptionStatusBadge({ status, testId = 'exception-status' }: { status: ExceptionStatus | IncidentStatus; testId?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}

/** Marks an exception past its SLA due time. */
export function OverdueMarker() {
  return (
    <Badge tone="bad" outline data-testid="overdue-marker" title="Unresolved past its SLA due time">
      overdue
    </Badge>
  );
}

/** Marks a dismissal waiting for a second person's approval. */
export function PendingDismissalMarker() {
  return (
    <Badge tone="warn" outline data-testid="pending-dismissal" title="A dismissal waits for a second person's approval">
      dismissal pending
    </Badge>
  );
}
