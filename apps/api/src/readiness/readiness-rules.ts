import {
  READINESS_REASON_KINDS,
  type ReadinessEffect,
  type ReadinessReasonDto,
  type ReadinessReasonKind,
  type ReadinessRules,
  type ReadinessStatus,
} from '@closewatch/contracts/readiness';

/**
 * What each reason kind does to a close unless the entity's rules say otherwise (docs/close.md):
 * material problems and broken or missing batches block; staleness, work not done yet, unmapped
 * values, late postings and problems below materiality put the close at risk.
 */
export const DEFAULT_READINESS_RULES: Readonly<Record<ReadinessReasonKind, ReadinessEffect>> = {
  flow_stale: 'at_risk',
  flow_failing: 'blocked',
  run_missing: 'blocked',
  run_failed: 'blocked',
  recon_missing: 'at_risk',
  recon_failed: 'blocked',
  recon_material_breaks: 'blocked',
  material_exception: 'blocked',
  unmapped_dimension: 'at_risk',
  late_posting: 'at_risk',
};

/** One thing found against a close, before the entity's rules give it an effect. */
export interface ReadinessFinding extends Omit<ReadinessReasonDto, 'severity'> {
  /** The most this finding can do whatever the rules say: open exceptions below materiality only put a close at risk. */
  ceiling?: 'at_risk';
}

/** The rules in force for an entity: the defaults with its overrides. */
export function rulesInForce(overrides: ReadinessRules | undefined): Record<ReadinessReasonKind, ReadinessEffect> {
  return { ...DEFAULT_READINESS_RULES, ...(overrides ?? {}) };
}

const EFFECT_ORDER: Record<Exclude<ReadinessEffect, 'ignore'>, number> = { blocked: 0, at_risk: 1 };

/**
 * The verdict: `blocked` when any finding blocks under the rules, else `at_risk` when any puts the
 * close at risk, else `ready`. Reasons come blocking first, then in the order of the reason kinds,
 * then by flow; kinds the entity ignores are left out.
 */
export function assessReadiness(
  findings: readonly ReadinessFinding[],
  rules: Record<ReadinessReasonKind, ReadinessEffect>,
): { status: ReadinessStatus; reasons: ReadinessReasonDto[] } {
  const reasons: ReadinessReasonDto[] = [];
  for (const { ceiling, ...f } of findings) {
    const effect = rules[f.kind];
    if (effect === 'ignore') continue;
    reasons.push({ ...f, severity: ceiling === 'at_risk' ? 'at_risk' : effect });
  }
  const kindOrder = (k: ReadinessReasonKind) => READINESS_REASON_KINDS.indexOf(k);
  reasons.sort(
    (a, b) => EFFECT_ORDER[a.severity] - EFFECT_ORDER[b.severity] || kindOrder(a.kind) - kindOrder(b.kind) || (a.flow ?? '').localeCompare(b.flow ?? ''),
  );
  const status: ReadinessStatus = reasons.some((r) => r.severity === 'blocked') ? 'blocked' : reasons.length ? 'at_risk' : 'ready';
  return { status, reasons };
}
