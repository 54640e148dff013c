import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { type ExceptionStatus, type ExceptionType, type ResolutionCode, type Severity } from '@closewatch/contracts/exceptions';

/**
 * One thing a person must look at (table `exceptions`, migration Exceptions). One row per
 * fingerprint; money is numeric, read as text. Writes go through ExceptionsService (intake) and
 * ExceptionWorkflowService (people), in SQL, so concurrent intake upserts instead of duplicating.
 */
@Entity({ name: 'exceptions' })
@Unique('exceptions_fingerprint_key', ['fingerprint'])
@Index('exceptions_last_seen_idx', ['lastSeenAt', 'id'])
@Index('exceptions_first_seen_idx', ['firstSeenAt', 'id'])
@Index('exceptions_severity_idx', ['severityRank', 'id'])
@Index('exceptions_status_last_seen_idx', ['status', 'lastSeenAt', 'id'])
@Index('exceptions_flow_last_seen_idx', ['flowId', 'lastSeenAt', 'id'])
@Index('exceptions_type_last_seen_idx', ['type', 'lastSeenAt', 'id'])
export class ExceptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ type: 'text' })
  type: ExceptionType;

  @Column({ name: 'flow_id', type: 'text' })
  flowId: string;

  @Column({ name: 'record_key', type: 'text', nullable: true })
  recordKey: string | null;

  @Column({ name: 'run_id', type: 'text', nullable: true })
  runId: string | null;

  @Column({ type: 'text', nullable: true })
  cause: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'jsonb' })
  context: Record<string, unknown>;

  @Column({ type: 'text' })
  status: ExceptionStatus;

  @Column({ type: 'text' })
  severity: Severity;

  /** 4 critical … 1 low, generated from severity, for sorting. */
  @Column({
    name: 'severity_rank',
    type: 'smallint',
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`,
  })
  severityRank: number;

  @Column({ name: 'severity_reasons', type: 'text', array: true })
  severityReasons: string[];

  /** At or above the flow's materiality, converted when the currencies differ (intake, severity.ts): blocks the close. */
  @Column({ type: 'boolean', default: false })
  material: boolean;

  @Column({ name: 'amount_at_risk', type: 'numeric', nullable: true })
  amountAtRisk: string | null;

  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Column({ type: 'text', nullable: true })
  entity: string | null;

  @Column({ type: 'text', nullable: true })
  period: string | null;

  @Column({ name: 'close_deadline', type: 'timestamptz', nullable: true })
  closeDeadline: Date | null;

  @Column({ type: 'bigint' })
  occurrences: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** When the SLA clock started: first seen, or the last reopen. */
  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'sla_due_at', type: 'timestamptz' })
  slaDueAt: Date;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Null with resolution code auto_resolved: Closewatch resolved it. */
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolution_code', type: 'text', nullable: true })
  resolutionCode: ResolutionCode | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;

  @Column({ name: 'dismissal_reason', type: 'text', nullable: true })
  dismissalReason: string | null;

  @Column({ name: 'dismissal_requested_at', type: 'timestamptz', nullable: true })
  dismissalRequestedAt: Date | null;

  @Column({ name: 'dismissal_requested_by', type: 'uuid', nullable: true })
  dismissalRequestedBy: string | null;

  @Column({ name: 'dismissal_approved_at', type: 'timestamptz', nullable: true })
  dismissalApprovedAt: Date | null;

  @Column({ name: 'dismissal_approved_by', type: 'uuid', nullable: true })
  dismissalApprovedBy: string | null;

  @Column({ name: 'dismissed_at', type: 'timestamptz', nullable: true })
  dismissedAt: Date | null;

  /** When it was resolved or dismissed; null while unresolved. Ages freeze here. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
