import Decimal from 'decimal.js';
import { type ImpactArea } from '@closewatch/contracts/catalog';
import { type ExceptionType, SEVERITIES, type Severity } from '@closewatch/contracts/exceptions';

/** What severity needs to know about the flow (read from the `flows` table; null when unregistered). */
export interface FlowImpact {
  materiality: { amount: string; currency: string } | null;
  impacts: readonly ImpactArea[];
  boardMetrics: readonly string[];
}

export interface SeverityInput {
  type: ExceptionType;
  /** Amount at risk (magnitude), exact decimal string, or null when the finding carries none. */
  amount: string | null;
  currency: string | null;
  flow: FlowImpact | null;
  /**
   * Close deadline of the affected entity and period, when the caller knows it. There is no close
   * calendar in Closewatch yet: evaluators may pass one (e.g. from a reconciliation scope) and
   * otherwise leave it out; without it, nearness to close does not raise severity.
   */
  closeDeadline?: Date | null;
  now: Date;
}

export interface SeverityResult {
  severity: Severity;
  /** Plain-language reasons, in the order they were applied. */
  reasons: string[];
}

/** A close deadline this near (or already passed) raises severity one level for close-impacting flows. */
export const CLOSE_NEAR_HOURS = 72;
/** Amounts this many times the materiality are critical whatever the impact. */
export const CRITICAL_MULTIPLE = 5;
/** Below this share of materiality an amount is low. */
export const MEDIUM_SHARE = '0.1';

/** Where an amount stands against a materiality threshold. */
export type MaterialityPosition = 'at_or_above' | 'below' | 'not_comparable' | 'no_amount' | 'no_materiality';

export function materialityPosition(amount: string | null, currency: string | null, materiality: FlowImpact['materiality']): MaterialityPosition {
  if (!materiality) return 'no_materiality';
  if (amount === null) return 'no_amount';
  if (currency !== materiality.currency) return 'not_comparable';
  return new Decimal(amount).abs().gte(new Decimal(materiality.amount)) ? 'at_or_above' : 'below';
}

/**
 * Whether dismissing needs a second person's approval: when the amount at risk is at or above
 * the flow's materiality, and also when it is in another currency than the materiality (it
 * cannot be shown to be below it). Without an amount or a materiality, one person may dismiss.
 */
export function dismissalNeedsApproval(amount: string | null, currency: string | null, materiality: FlowImpact['materiality']): boolean {
  const p = materialityPosition(amount, currency, materiality);
  return p === 'at_or_above' || p === 'not_comparable';
}

const rank = (s: Severity) => SEVERITIES.indexOf(s); // 0 = critical
const byRank = (r: number): Severity => SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, r))]!;

/**
 * Severity from finance impact:
 * 1. Amount at risk against the flow's materiality (same currency): at least 5× → critical,
 *    at least 1× → high, at least 10% → medium, less → low.
 * 2. No comparable amount (none given, no materiality, another currency): failed or missed batch
 *    runs of a flow with finance impact → high (the whole batch is at risk); unregistered flows
 *    → low (a governance finding); anything else → medium.
 * 3. A material amount on a flow feeding cash or a board metric → one level up.
 * 4. A close deadline within 72 hours (or passed) on a flow that impacts the close → one level up.
 */
export function severityOf(input: SeverityInput): SeverityResult {
  const reasons: string[] = [];
  const flow = input.flow;
  const position = materialityPosition(input.amount, input.currency, flow?.materiality ?? null);
  let r: number;
  if (position === 'at_or_above' || position === 'below') {
    const materiality = flow!.materiality!;
    const amount = new Decimal(input.amount!).abs();
    const threshold = new Decimal(materiality.amount).abs();
    const ratio = threshold.isZero() ? new Decimal(Infinity) : amount.div(threshold);
    const m = `${materiality.amount} ${materiality.currency}`;
    if (ratio.gte(CRITICAL_MULTIPLE)) {
      r = rank('critical');
      reasons.push(`amount at risk is at least ${CRITICAL_MULTIPLE}× the flow's materiality (${m})`);
    } else if (ratio.gte(1)) {
      r = rank('high');
      reasons.push(`amount at risk is at or above the flow's materiality (${m})`);
    } else if (ratio.gte(MEDIUM_SHARE)) {
      r = rank('medium');
      reasons.push(`amount at risk is at least 10% of the flow's materiality (${m})`);
    } else {
      r = rank('low');
      reasons.push(`amount at risk is below 10% of the flow's materiality (${m})`);
    }
  } else if (input.type === 'unregistered_flow' || flow === null) {
    r = rank('low');
    reasons.push('the flow is not in the catalog, so its finance impact is unknown');
  } else {
    reasons.push(unknownAmountReason(position));
    if ((input.type === 'run_failed' || input.type === 'missed_run') && flow.impacts.length > 0) {
      r = rank('high');
      reasons.push(`a whole batch is at risk on a flow that impacts ${flow.impacts.join(', ')}`);
    } else {
      r = rank('medium');
    }
  }

  const impacts = flow?.impacts ?? [];
  if (position === 'at_or_above' && (impacts.includes('cash') || impacts.includes('board_metric'))) {
    r -= 1;
    const areas = [
      impacts.includes('cash') ? 'cash' : null,
      impacts.includes('board_metric') ? `board metrics (${flow!.boardMetrics.join(', ') || 'unnamed'})` : null,
    ];
    reasons.push(`material amount on a flow that feeds ${areas.filter(Boolean).join(' and ')}`);
  }

  if (input.closeDeadline && impacts.includes('close')) {
    const hours = (input.closeDeadline.getTime() - input.now.getTime()) / 3_600_000;
    if (hours <= CLOSE_NEAR_HOURS) {
      r -= 1;
      reasons.push(hours < 0 ? 'the close deadline of the period has passed' : `the close deadline is within ${CLOSE_NEAR_HOURS} hours`);
    }
  }
  return { severity: byRank(r), reasons };
}

function unknownAmountReason(p: MaterialityPosition): string {
  switch (p) {
    case 'no_amount':
      return 'no amount at risk is known';
    case 'no_materiality':
      return 'the flow has no materiality';
    case 'not_comparable':
      return "the amount is in another currency than the flow's materiality";
    // Not reached: a comparable amount is ranked against the materiality before this is asked.
    case 'at_or_above':
    case 'below':
      return 'amount not comparable';
  }
}

/** The more severe of two. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return rank(a) <= rank(b) ? a : b;
}
