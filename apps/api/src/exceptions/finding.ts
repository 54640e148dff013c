import { z } from 'zod';
import { EXCEPTION_TYPES, type ExceptionType } from '@closewatch/contracts/exceptions';
import { CURRENCY_PATTERN, DECIMAL_PATTERN, PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { fingerprintOf } from './fingerprint';

/**
 * What an evaluator (or reconciliation, or an explicit event) saw: the input of
 * ExceptionsService.recordFindings. Record-level findings name the record key; run-level ones
 * (run_failed, missed_run) the run id or, for a missed run, the expected slot (e.g. its ISO time).
 */
export interface ExceptionFinding {
  type: ExceptionType;
  flow: string;
  recordKey?: string | null;
  runId?: string | null;
  /** Error class (delivery_failure), break type (recon_break), dimension (unmapped_dimension), ... */
  cause?: string | null;
  /** Defaults to a title made from the type, record or run and cause. */
  title?: string | null;
  /** The message seen with it (error message, ...). */
  detail?: string | null;
  /** The record's amount as an exact decimal string (its magnitude is the amount at risk). */
  amount?: string | null;
  currency?: string | null;
  entity?: string | null;
  period?: string | null;
  /** Close deadline of the affected entity and period, when known (raises severity near the close). */
  closeDeadline?: Date | string | null;
  /** When it was seen; defaults to now. */
  observedAt?: Date | string | null;
  /** Anything worth showing with it: stage, system, error code, trace id, lag, ... */
  context?: Record<string, unknown> | null;
}

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullish();
const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]).nullish();

export const findingSchema = z
  .object({
    type: z.enum(EXCEPTION_TYPES),
    flow: z.string().trim().min(1).max(200),
    recordKey: optionalText(500),
    runId: optionalText(200),
    cause: optionalText(200),
    title: optionalText(500),
    detail: z.string().max(4000).nullish(),
    amount: z.string().regex(DECIMAL_PATTERN, 'must be a decimal string such as "1234.56"').nullish(),
    currency: z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"').nullish(),
    entity: optionalText(100),
    period: z.string().regex(PERIOD_PATTERN, 'must be an accounting period YYYY-MM').nullish(),
    closeDeadline: instant,
    observedAt: instant,
    context: z.record(z.string(), z.unknown()).nullish(),
  })
  .strict()
  .refine((f) => f.amount == null || f.currency != null, { path: ['currency'], message: 'is required when amount is given' });

/** A finding after validation, with its fingerprint, and how many findings it stands for. */
export interface NormalizedFinding {
  fingerprint: string;
  type: ExceptionType;
  flow: string;
  recordKey: string | null;
  runId: string | null;
  cause: string | null;
  title: string;
  detail: string | null;
  /** Magnitude, exact decimal string. */
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  closeDeadline: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  context: Record<string, unknown>;
  count: number;
}

export type FindingCheck = { ok: true; finding: NormalizedFinding } | { ok: false; errors: { field: string; message: string }[] };

export function normalizeFinding(input: unknown, now: Date): FindingCheck {
  const parsed = findingSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'finding', message: i.message })) };
  const f = parsed.data;
  const seen = f.observedAt ?? now;
  const base = {
    type: f.type,
    flow: f.flow,
    recordKey: f.recordKey ?? null,
    runId: f.runId ?? null,
    cause: f.cause ?? null,
  };
  return {
    ok: true,
    finding: {
      fingerprint: fingerprintOf(base),
      ...base,
      title: f.title ?? defaultTitle(base),
      detail: f.detail ?? null,
      amount: f.amount == null ? null : f.amount.replace(/^-/, ''),
      currency: f.amount == null ? null : f.currency!,
      entity: f.entity ?? null,
      period: f.period ?? null,
      closeDeadline: f.closeDeadline ?? null,
      firstSeenAt: seen,
      lastSeenAt: seen,
      context: f.context ?? {},
      count: 1,
    },
  };
}

/**
 * Findings of one batch with the same fingerprint become one: counted together, first and last
 * seen spanning them all, and the latest one's details (the latest known amount, entity and
 * period when the latest one has none). Returns them sorted by fingerprint, the order in
 * which intake locks them.
 */
export function mergeFindings(findings: readonly NormalizedFinding[]): NormalizedFinding[] {
  const byFingerprint = new Map<string, NormalizedFinding>();
  const ordered = [...findings].sort((a, b) => a.lastSeenAt.getTime() - b.lastSeenAt.getTime());
  for (const f of ordered) {
    const prev = byFingerprint.get(f.fingerprint);
    if (!prev) {
      byFingerprint.set(f.fingerprint, { ...f });
      continue;
    }
    byFingerprint.set(f.fingerprint, {
      ...f,
      amount: f.amount ?? prev.amount,
      currency: f.amount != null ? f.currency : prev.currency,
      entity: f.entity ?? prev.entity,
      period: f.period ?? prev.period,
      detail: f.detail ?? prev.detail,
      closeDeadline: f.closeDeadline ?? prev.closeDeadline,
      context: { ...prev.context, ...f.context },
      firstSeenAt: prev.firstSeenAt < f.firstSeenAt ? prev.firstSeenAt : f.firstSeenAt,
      lastSeenAt: prev.lastSeenAt > f.lastSeenAt ? prev.lastSeenAt : f.lastSeenAt,
      count: prev.count + f.count,
    });
  }
  return [...byFingerprint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

export function defaultTitle(f: { type: ExceptionType; flow: string; recordKey: string | null; runId: string | null; cause: string | null }): string {
  const subject = f.recordKey ?? (f.runId ? `run ${f.runId}` : f.flow);
  const cause = f.cause ? ` (${f.cause.replace(/_/g, ' ')})` : '';
  switch (f.type) {
    case 'delivery_failure':
      return `Delivery of ${subject} failed${cause}`;
    case 'sync_delay':
      return `${subject} in flight past the flow's SLO`;
    case 'missed_run':
      return `Expected run ${f.runId ?? ''} of ${f.flow} did not start`.replace('run  of', 'run of');
    case 'run_failed':
      return `Run ${f.runId ?? ''} of ${f.flow} failed${cause}`.replace('Run  of', 'Run of');
    case 'unmapped_dimension':
      return `Unmapped dimension value${cause} on ${subject}`;
    case 'unregistered_flow':
      return `Telemetry from unregistered flow ${f.flow}`;
    case 'flow_stale':
      return `Source of ${f.flow} went silent`;
    case 'recon_break':
      return `Reconciliation break${cause} on ${subject}`;
  }
}
