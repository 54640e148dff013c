import { z } from 'zod';

/**
 * Close readiness per entity and period and the publication gate (docs/close.md "Readiness and
 * the gate"): whether an entity can close a period, from the evidence Closewatch holds.
 */
export const READINESS_STATUSES = ['ready', 'at_risk', 'blocked'] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];

/** Why a close is not ready (fixed by the gate's contract). */
export const READINESS_REASON_KINDS = [
  'flow_stale',
  'flow_failing',
  'run_missing',
  'run_failed',
  'recon_missing',
  'recon_failed',
  'recon_material_breaks',
  'material_exception',
  'unmapped_dimension',
  'late_posting',
] as const;
export type ReadinessReasonKind = (typeof READINESS_REASON_KINDS)[number];

/** What a reason does to the close: `blocked` and `at_risk` count, `ignore` drops the kind for the entity. */
export const READINESS_EFFECTS = ['blocked', 'at_risk', 'ignore'] as const;
export type ReadinessEffect = (typeof READINESS_EFFECTS)[number];

/** One reason, linking to what caused it (the ids that apply, else null). */
export interface ReadinessReasonDto {
  kind: ReadinessReasonKind;
  /** What this reason does to the close under the entity's rules. */
  severity: Exclude<ReadinessEffect, 'ignore'>;
  message: string;
  flow: string | null;
  exceptionId: string | null;
  reconId: string | null;
  runId: string | null;
  /** How many findings the reason stands for (exceptions, late postings, …); 1 for a single one. */
  count: number;
}

/** One item of `GET /api/v1/close/readiness`. */
export interface ReadinessDto {
  entity: string;
  period: string;
  status: ReadinessStatus;
  /** Close deadline from the entity's calendar; null without a calendar. */
  deadlineAt: string | null;
  /** Working days left to the deadline (docs/close.md); null without a calendar. */
  workingDaysLeft: number | null;
  /** When the entity and period entered this status. */
  since: string;
  /** When the evidence was last evaluated. */
  evaluatedAt: string;
  reasons: ReadinessReasonDto[];
}

export interface ReadinessListResponse {
  items: ReadinessDto[];
  nextCursor: string | null;
}

/** `GET /api/v1/gates/close?entity=&period=`: the same verdict, for middleware. */
export interface CloseGateDto {
  entity: string;
  period: string;
  status: ReadinessStatus;
  reasons: Pick<ReadinessReasonDto, 'kind' | 'severity' | 'message' | 'flow' | 'exceptionId' | 'reconId' | 'runId'>[];
  evaluatedAt: string;
}

/** One change of status (`GET /api/v1/close/readiness/history`). */
export interface ReadinessTransitionDto {
  id: string;
  entity: string;
  period: string;
  /** Null on the first evaluation of the entity and period. */
  from: ReadinessStatus | null;
  to: ReadinessStatus;
  at: string;
  /** The reasons at the time of the change (what caused it). */
  reasons: ReadinessReasonDto[];
}

/** Rules of one entity: the effect of each reason kind; kinds left out keep the default. */
export type ReadinessRules = Partial<Record<ReadinessReasonKind, ReadinessEffect>>;

/** `GET /api/v1/close/readiness-rules/:entity`: the rules in force and which of them the entity overrides. */
export interface ReadinessRulesDto {
  entity: string;
  rules: Record<ReadinessReasonKind, ReadinessEffect>;
  overrides: ReadinessRules;
  updatedAt: string | null;
}

/** One call of the gate, as recorded (`GET /api/v1/gates/close/calls`). */
export interface GateCallDto {
  id: string;
  at: string;
  caller: { kind: 'user' | 'ingest'; id: string | null; name: string };
  entity: string;
  period: string;
  status: ReadinessStatus;
  evaluatedAt: string;
}

/** Live: readiness of some entities and periods changed (after commit). */
export interface ReadinessChangedEvent {
  at: string;
  changes: { entity: string; period: string; from: ReadinessStatus | null; to: ReadinessStatus }[];
}

/** `PUT /api/v1/close/readiness-rules/:entity` body. */
export const readinessRulesSchema = z
  .object({
    rules: z.partialRecord(z.enum(READINESS_REASON_KINDS), z.enum(READINESS_EFFECTS)),
  })
  .strict();

/** A period's close signed off for one entity (docs/close.md, "Sign-off"). */
export interface CloseSignOffDto {
  entity: string;
  period: string;
  signedOffAt: string;
  signedOffBy: { id: string | null; email: string | null };
  /** Readiness when it was signed off (`ready`, or `at_risk` with a note). */
  statusAtSignOff: ReadinessStatus;
  /** Why the close was signed off while at risk (required then), or a remark. */
  note: string | null;
  /** The signed audit checkpoint taken at the sign-off, covering its audit entry. */
  checkpoint: { entries: number; hash: string; at: string; keyId: string } | null;
}
