import { createHash } from 'node:crypto';
import { type BreakClassificationDto, type ReconBreakType } from '@closewatch/contracts/recon';
import { type ExceptionFinding } from '../../exceptions/finding';
import { fingerprintOf } from '../../exceptions/fingerprint';

const LABEL: Record<ReconBreakType, string> = {
  missing_in_target: 'Missing in target',
  unexpected_in_target: 'Unexpected in target',
  amount_mismatch: 'Amount mismatch',
  field_mismatch: 'Field mismatch',
  duplicate_key: 'Duplicate key',
};

/** A stored break as the exception intake needs it. */
export interface RaisableBreak {
  type: ReconBreakType;
  recordKey: string;
  key: Record<string, string | null>;
  amountAtRisk: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  classification: BreakClassificationDto | null;
  differences: { field: string; targetField: string; source: unknown; target: unknown; difference?: string }[] | null;
  side: 'source' | 'target' | null;
  rows: number | null;
}

/** A break as stored (recon_breaks columns), as far as raising it needs. */
export interface StoredBreakFields {
  type: ReconBreakType;
  key: Record<string, string | null>;
  record_key: string | null;
  amount_at_risk: string | null;
  currency: string | null;
  classification: BreakClassificationDto | null;
  differences: RaisableBreak['differences'];
  side: 'source' | 'target' | null;
  rows: number | null;
}

/** The break to raise from its stored fields and the facts derived from it (break-context.ts breakFacts). */
export function raisableBreak(b: StoredBreakFields, facts: { recordKey: string; entity: string | null; period: string | null }): RaisableBreak {
  return {
    type: b.type,
    recordKey: b.record_key ?? facts.recordKey,
    key: b.key,
    amountAtRisk: b.amount_at_risk,
    currency: b.currency,
    entity: facts.entity,
    period: facts.period,
    classification: b.classification,
    differences: b.differences,
    side: b.side,
    rows: b.rows,
  };
}

export interface RaiseContext {
  flow: string;
  reconId: string;
  reconName: string;
  runId: string;
  scope: Readonly<Record<string, string>>;
  observedAt: Date;
}

/**
 * The cause of a break's exception: the break type and the reconciliation that found it
 * (`missing_in_target@coupa-oracle-invoices`), so exceptions are per definition, record key and
 * break type, and incidents group them by reconciliation and break type. Kept within the 200
 * characters a cause may have (a very long id is shortened with a digest of it).
 */
export function breakCause(reconId: string, type: ReconBreakType): string {
  const cause = `${type}@${reconId}`;
  if (cause.length <= 200) return cause;
  return `${type}@${reconId.slice(0, 150)}~${createHash('sha256').update(reconId).digest('hex').slice(0, 12)}`;
}

/**
 * The exception fingerprint of a break: a `recon_break` of the flow, about the record, with
 * breakCause as its cause (exceptions/fingerprint.ts). The same break seen by a later run of the
 * same reconciliation is the same exception; a break gone in a later run resolves it.
 */
export function breakFingerprint(flow: string, reconId: string, recordKey: string, type: ReconBreakType): string {
  return fingerprintOf({ type: 'recon_break', flow, recordKey, cause: breakCause(reconId, type) });
}

/** The finding a break raises (never called for in-flight breaks). */
export function breakFinding(b: RaisableBreak, ctx: RaiseContext): ExceptionFinding {
  const money = b.amountAtRisk !== null && b.currency !== null;
  return {
    type: 'recon_break',
    flow: ctx.flow,
    recordKey: b.recordKey,
    cause: breakCause(ctx.reconId, b.type),
    title: `${LABEL[b.type]}: ${b.recordKey} (${ctx.reconName})`,
    detail: breakDetail(b),
    amount: money ? b.amountAtRisk : null,
    currency: money ? b.currency : null,
    entity: b.entity,
    period: b.period,
    observedAt: ctx.observedAt,
    context: {
      reconId: ctx.reconId,
      runId: ctx.runId,
      key: b.key,
      scope: ctx.scope,
      classification: b.classification,
      ...(b.differences ? { differences: b.differences.slice(0, 20) } : {}),
    },
  };
}

export function breakDetail(b: Pick<RaisableBreak, 'type' | 'differences' | 'side' | 'rows' | 'classification'>): string {
  const parts: string[] = [];
  if (b.differences?.length) {
    parts.push(
      b.differences
        .slice(0, 5)
        .map((d) => `${d.field}: ${show(d.source)} → ${show(d.target)}${d.difference ? ` (${d.difference})` : ''}`)
        .join('; '),
    );
  }
  if (b.type === 'duplicate_key' && b.side) parts.push(`${b.rows ?? 'several'} rows in the ${b.side}`);
  const c = b.classification;
  if (c) {
    switch (c.kind) {
      case 'never_emitted':
        parts.push('never emitted through the flow');
        break;
      case 'failed_at_hop':
        parts.push(`failed at ${c.stage} in ${c.system}${c.errorClass ? ` (${c.errorClass})` : ''}`);
        break;
      case 'posted_late':
        parts.push(c.postedAt ? `posted late at ${c.postedAt}` : `not posted since ${c.since}, beyond the flow's SLO`);
        break;
      case 'in_flight':
        parts.push(`in flight since ${c.since}`);
        break;
      case 'unexplained':
        parts.push('not explained by lineage');
        break;
    }
  }
  return parts.join('; ').slice(0, 4000);
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'null' : typeof v === 'string' ? v : JSON.stringify(v);
}
