import { z } from 'zod';
import { type Role } from './roles';

/**
 * Exceptions and incidents (docs/exceptions.md).
 * An exception is one thing a person must look at; its fingerprint makes the same problem seen
 * again the same exception. Incidents group exceptions of one flow and one cause for IT and on-call.
 */
export const EXCEPTION_TYPES = [
  'delivery_failure',
  'sync_delay',
  'missed_run',
  'run_failed',
  'flow_stale',
  'unmapped_dimension',
  'unregistered_flow',
  'recon_break',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

/** Roles that work exceptions (assign, acknowledge, resolve, dismiss, approve, reopen, comment); auditors and viewers read. */
export const EXCEPTION_ACTING_ROLES = ['admin', 'finance_ops', 'it_ops'] as const satisfies readonly Role[];

export const EXCEPTION_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];
/** Statuses in which an exception still needs someone (counted by aging, SLA and incidents). */
export const UNRESOLVED_STATUSES = ['open', 'acknowledged'] as const satisfies readonly ExceptionStatus[];

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Age of an exception since it was first seen (frozen when it is resolved or dismissed). */
export const AGE_BUCKETS = ['<1d', '1-3d', '3-7d', '7-30d', '>30d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Codes a person resolves with; `auto_resolved` is set only by Closewatch when a condition clears. */
export const RESOLUTION_CODES = ['fixed', 'replayed', 'mapping_updated', 'posted_manually', 'data_corrected', 'duplicate', 'false_positive', 'other'] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number] | 'auto_resolved';

/** What `GET /api/v1/exceptions?sort=` accepts; a leading `-` sorts descending. Default `-lastSeenAt`. */
export const EXCEPTION_SORT_FIELDS = ['lastSeenAt', 'firstSeenAt', 'severity', 'amountAtRisk'] as const;
export type ExceptionSortField = (typeof EXCEPTION_SORT_FIELDS)[number];

export const EXCEPTION_HISTORY_ACTIONS = [
  'created',
  'assigned',
  'unassigned',
  'acknowledged',
  'resolved',
  'auto_resolved',
  'dismissal_requested',
  'dismissal_rejected',
  'dismissed',
  'reopened',
  'severity_changed',
] as const;
export type ExceptionHistoryAction = (typeof EXCEPTION_HISTORY_ACTIONS)[number];

export interface UserRef {
  id: string;
  email: string;
  name: string;
}

/** Who made a change: a signed-in user, or Closewatch itself (intake, auto-resolve, recurrence). */
export type ActorDto = { kind: 'user'; id: string | null; email: string } | { kind: 'system'; name: string };

export interface MoneyDto {
  /** Exact decimal string. */
  amount: string;
  currency: string;
}

export interface ExceptionDto {
  id: string;
  type: ExceptionType;
  flow: string;
  /** Business record key, for record-level findings. */
  recordKey: string | null;
  /** Batch run (or expected run slot) for run-level findings. */
  runId: string | null;
  /** Root cause: error class, break type, ... (null when the type says it all). */
  cause: string | null;
  title: string;
  /** Latest message seen with the finding. */
  detail: string | null;
  status: ExceptionStatus;
  severity: Severity;
  /** Magnitude of the record's amount, exact decimal string, or null when not known. */
  amountAtRisk: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  assignee: UserRef | null;
  ageBucket: AgeBucket;
  /** When the exception should be resolved by, from its severity (restarts on reopen). */
  slaDueAt: string;
  /** Unresolved and past slaDueAt. */
  overdue: boolean;
  incidentId: string | null;
  acknowledged: { at: string; by: ActorDto } | null;
  resolution: { code: ResolutionCode; note: string | null; at: string; by: ActorDto } | null;
  /**
   * The dismissal asked for (pendingApproval until a second person approves, for amounts at or
   * above the flow's materiality) or done.
   */
  dismissal: {
    reason: string;
    requestedAt: string;
    requestedBy: ActorDto;
    pendingApproval: boolean;
    approvedAt: string | null;
    approvedBy: ActorDto | null;
  } | null;
}

export interface ExceptionHistoryEntryDto {
  id: string;
  at: string;
  action: ExceptionHistoryAction;
  actor: ActorDto;
  fromStatus: ExceptionStatus | null;
  toStatus: ExceptionStatus;
  /** Why: resolution note, dismissal reason, auto-resolve reason, recurrence. */
  reason: string | null;
  details: Record<string, unknown> | null;
}

export interface ExceptionCommentDto {
  id: string;
  at: string;
  author: ActorDto;
  text: string;
}

export interface ExceptionDetailDto extends ExceptionDto {
  /** What the evaluator saw (stage, system, error code and message, trace id, lag, ...). */
  context: Record<string, unknown>;
  /** Why the severity is what it is. */
  severityReasons: string[];
  closeDeadline: string | null;
  history: ExceptionHistoryEntryDto[];
  comments: ExceptionCommentDto[];
}

/** `GET /api/v1/exceptions/aging`: unresolved exceptions by age bucket and severity. */
export interface AgingCellDto {
  ageBucket: AgeBucket;
  severity: Severity;
  count: number;
  overdue: number;
  /** Sum of amount at risk per currency (exceptions without an amount only count). */
  amounts: MoneyDto[];
}

export interface AgingResponse {
  asOf: string;
  /** Every bucket × severity, in AGE_BUCKETS × SEVERITIES order, zeros included. */
  cells: AgingCellDto[];
  totals: { count: number; overdue: number; amounts: MoneyDto[] };
}

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface IncidentDto {
  id: string;
  flow: string;
  /** Error class, break type or (without one) exception type the exceptions share; null when incidents are not grouped by cause. */
  cause: string | null;
  /** Set when incidents are grouped by type (CLOSEWATCH_INCIDENT_GROUP_BY), else null. */
  type: ExceptionType | null;
  entity: string | null;
  period: string | null;
  title: string;
  /** Derived from its exceptions: resolved when all are resolved or dismissed, acknowledged when no unresolved one is still open. */
  status: IncidentStatus;
  severity: Severity;
  exceptionCount: number;
  unresolvedCount: number;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  /** Sum of amount at risk of its unresolved exceptions, per currency. */
  amountsAtRisk: MoneyDto[];
  /** Sum of amount at risk of all its exceptions, resolved ones included, per currency. */
  amountsAffected: MoneyDto[];
}

export interface IncidentDetailDto extends IncidentDto {
  /** Its exceptions, most recently seen first (the first INCIDENT_EXCEPTIONS_LIMIT; all of them via `GET /api/v1/exceptions?incident=`). */
  exceptions: ExceptionDto[];
  exceptionsTruncated: boolean;
}

export const INCIDENT_EXCEPTIONS_LIMIT = 500;

/** Socket event `exceptions.changed`: which exceptions and incidents changed (refetch them). */
export interface ExceptionsChangedEvent {
  cause: 'intake' | 'auto_resolve' | 'transition' | 'bulk' | 'comment' | 'severity';
  exceptionIds: string[];
  incidentIds: string[];
  at: string;
}

// ---- request bodies (shared with the dashboard)

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const assignBodySchema = z.object({ assignee: z.string().trim().min(1, 'is required').max(320).nullable() }).strict();
export type AssignBody = z.infer<typeof assignBodySchema>;

export const resolveBodySchema = z.object({ code: z.enum(RESOLUTION_CODES), note: z.string().trim().max(4000).optional().nullable() }).strict();
export type ResolveBody = z.infer<typeof resolveBodySchema>;

export const dismissBodySchema = z.object({ reason: text(4000) }).strict();
export type DismissBody = z.infer<typeof dismissBodySchema>;

export const rejectDismissalBodySchema = z.object({ reason: text(4000).optional() }).strict();
export type RejectDismissalBody = z.infer<typeof rejectDismissalBodySchema>;

export const reopenBodySchema = z.object({ reason: text(4000).optional() }).strict();
export type ReopenBody = z.infer<typeof reopenBodySchema>;

export const acknowledgeBodySchema = z.object({ note: text(4000).optional() }).strict();
export type AcknowledgeBody = z.infer<typeof acknowledgeBodySchema>;

export const commentBodySchema = z.object({ text: text(10_000) }).strict();
export type CommentBody = z.infer<typeof commentBodySchema>;

export const BULK_ACTIONS = ['assign', 'acknowledge', 'resolve'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_IDS = 1000;

/** `POST /api/v1/exceptions/bulk`: all or nothing, in one transaction. */
export const bulkBodySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: z.array(z.string()).min(1).max(MAX_BULK_IDS), assignee: assignBodySchema.shape.assignee }).strict(),
  z.object({ action: z.literal('acknowledge'), ids: z.array(z.string()).min(1).max(MAX_BULK_IDS), note: text(4000).optional() }).strict(),
  z
    .object({
      action: z.literal('resolve'),
      ids: z.array(z.string()).min(1).max(MAX_BULK_IDS),
      code: resolveBodySchema.shape.code,
      note: resolveBodySchema.shape.note,
    })
    .strict(),
]);
export type BulkBody = z.infer<typeof bulkBodySchema>;

export interface BulkResponse {
  action: BulkAction;
  updated: number;
  items: ExceptionDto[];
}
