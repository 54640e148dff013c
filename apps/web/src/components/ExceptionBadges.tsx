import { type ExceptionStatus, type IncidentStatus, type Severity } from '@closewatch/contracts/exceptions';

const SEVERITY_TONE: Record<Severity, string> = { critical: 'sev-critical', high: 'tone-bad', medium: 'tone-warn', low: 'tone-info' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge ${SEVERITY_TONE[severity]}`} data-testid="severity-badge" data-severity={severity}>
      {severity}
    </span>
  );
}

const STATUS_TONE: Record<ExceptionStatus | IncidentStatus, string> = { open: 'tone-bad', acknowledged: 'tone-warn', resolved: 'tone-ok', dismissed: 'health-idle' };

/** Status of an exception or an incident. */
export function ExceptionStatusBadge({ status, testId = 'exception-status' }: { status: ExceptionStatus | IncidentStatus; testId?: string }) {
  return (
    <span className={`badge ${STATUS_TONE[status]}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}

/** Marks an exception past its SLA due time. */
export function OverdueMarker() {
  return (
    <span className="badge tone-bad badge-outline" data-testid="overdue-marker" title="Unresolved past its SLA due time">
      overdue
    </span>
  );
}

/** Marks a dismissal waiting for a second person's approval. */
export function PendingDismissalMarker() {
  return (
    <span className="badge tone-warn badge-outline" data-testid="pending-dismissal" title="A dismissal waits for a second person's approval">
      dismissal pending
    </span>
  );
}
