import {
  type ActorDto,
  type ExceptionDto,
  type ExceptionStatus,
  type ExceptionType,
  type ResolutionCode,
  type Severity,
  type UserRef,
} from '@closewatch/contracts/exceptions';
import { ageBucketOf } from './age-bucket';
import { isOverdue } from './sla';

/** The system actor's name when Closewatch itself resolved an exception. */
export const SYSTEM_ACTOR = 'closewatch';

/** An exception as the read statements return it (exceptions.queries.ts), with the users behind it. */
export interface ExceptionRow {
  id: string;
  type: ExceptionType;
  flow_id: string;
  record_key: string | null;
  run_id: string | null;
  cause: string | null;
  title: string;
  detail: string | null;
  status: ExceptionStatus;
  severity: Severity;
  amount_at_risk: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  occurrences: string;
  first_seen_at: Date;
  last_seen_at: Date;
  sla_due_at: Date;
  closed_at: Date | null;
  incident_id: string | null;
  assignee_id: string | null;
  assignee_email: string | null;
  assignee_name: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_email: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolved_by_email: string | null;
  resolution_code: ResolutionCode | null;
  resolution_note: string | null;
  dismissal_reason: string | null;
  dismissal_requested_at: Date | null;
  dismissal_requested_by: string | null;
  dismissal_requested_by_email: string | null;
  dismissal_approved_at: Date | null;
  dismissal_approved_by: string | null;
  dismissal_approved_by_email: string | null;
  dismissed_at: Date | null;
}

export function userActor(id: string | null, email: string | null): ActorDto {
  return { kind: 'user', id, email: email ?? 'unknown' };
}

/** An exception row as the API returns it; age and overdue are as of `now`. */
export function exceptionRowToDto(r: ExceptionRow, now: Date): ExceptionDto {
  const assignee: UserRef | null = r.assignee_id ? { id: r.assignee_id, email: r.assignee_email ?? '', name: r.assignee_name ?? '' } : null;
  return {
    id: r.id,
    type: r.type,
    flow: r.flow_id,
    recordKey: r.record_key,
    runId: r.run_id,
    cause: r.cause,
    title: r.title,
    detail: r.detail,
    status: r.status,
    severity: r.severity,
    amountAtRisk: r.amount_at_risk,
    currency: r.currency,
    entity: r.entity,
    period: r.period,
    occurrences: Number(r.occurrences),
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    assignee,
    ageBucket: ageBucketOf(r.first_seen_at, r.closed_at ?? now),
    slaDueAt: r.sla_due_at.toISOString(),
    overdue: isOverdue(r.status, r.sla_due_at, now),
    incidentId: r.incident_id,
    acknowledged: r.acknowledged_at ? { at: r.acknowledged_at.toISOString(), by: userActor(r.acknowledged_by, r.acknowledged_by_email) } : null,
    resolution:
      r.status === 'resolved' && r.resolved_at && r.resolution_code
        ? {
            code: r.resolution_code,
            note: r.resolution_note,
            at: r.resolved_at.toISOString(),
            by: r.resolved_by ? userActor(r.resolved_by, r.resolved_by_email) : { kind: 'system', name: SYSTEM_ACTOR },
          }
        : null,
    dismissal:
      r.dismissal_reason && r.dismissal_requested_at
        ? {
            reason: r.dismissal_reason,
            requestedAt: r.dismissal_requested_at.toISOString(),
            requestedBy: userActor(r.dismissal_requested_by, r.dismissal_requested_by_email),
            pendingApproval: r.status !== 'dismissed',
            approvedAt: r.dismissal_approved_at?.toISOString() ?? null,
            approvedBy: r.dismissal_approved_by ? userActor(r.dismissal_approved_by, r.dismissal_approved_by_email) : null,
          }
        : null,
  };
}
