import Decimal from 'decimal.js';
import { type ImpactArea } from '@closewatch/contracts/catalog';
import { type FxConversionDto } from '@closewatch/contracts/close';
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
   * Close deadline of the affected entity and period: the finding's own, else the entity's close
   * calendar's (intake reads it); without one, nearness to close does not raise severity.
   */
  closeDeadline?: Date | null;
  /**
   * The amount converted into the materiality's currency (FX rates of the period), when the
   * currencies differ: ranked like an amount in that currency, or, with no rate, a reason.
   */
  conversion?: FxConversionDto | null;
  now: Date;
}

export interface SeverityResult {
  severity: Severity;
  /** Plain-language reasons, in the order they were applied. */
  reasons: string[];
  /** The amount at risk is at or above the flow's materiality (converted when the currencies differ): what blocks a close. */
  material: boolean;
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

/**
 * Why an amount needs a second person's approval against a flow's materiality (the dismissal
 * rule above, also followed by bulk replays), as a sentence; null when one person may act.
 */
export function whyApprovalNeeded(amount: string | null, currency: string | null, materiality: FlowImpact['materiality']): string | null {
  if (!dismissalNeedsApproval(amount, currency, materiality)) return null;
  const limit = `${materiality!.currency} ${money(materiality!.amount)}`;
  const what = `${currency} ${money(amount!)}`;
  return currency === materiality!.currency
    ? `${what} is at or above its materiality of ${limit}`
    : `${what} cannot be compared with its materiality of ${limit}`;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s); // 0 = critical
const byRank = (r: number): Severity => SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, r))]!;

/**
 * Severity from finance impact:
 * 1. Amount at risk against the flow's materiality: at least 5× → critical, at least 1× → high,
 *    at least 10% → medium, less → low. An amount in another currency is compared once
 *    converted (input.conversion), and the first reason names the rate used.
 * 2. No comparable amount (none given, no materiality, another currency without a conversion,
 *    or no rate, which is said as a reason): failed or missed batch
 *    runs of a flow with finance impact → high (the whole batch is at risk); unregistered flows
 *    → low (a governance finding); anything else → medium.
 * 3. A material amount on a flow feeding cash or a board metric → one level up.
 * 4. A close deadline within 72 hours (or passed) on a flow that impacts the close → one level up.
 */
export function severityOf(input: SeverityInput): SeverityResult {
  const reasons: string[] = [];
  const flow = input.flow;
  let amountCompared = input.amount;
  let position = materialityPosition(input.amount, input.currency, flow?.materiality ?? null);
  const conversion = usableConversion(input, position);
  if (conversion) {
    reasons.push(conversionReason(input.amount!, conversion));
    if (conversion.ok) {
      amountCompared = conversion.amount;
      position = materialityPosition(conversion.amount, conversion.to, flow!.materiality);
    }
  }
  let r: number;
  if (position === 'at_or_above' || position === 'below') {
    const materiality = flow!.materiality!;
    const amount = new Decimal(amountCompared!).abs();
    const threshold = new Decimal(materiality.amount).abs();
    const ratio = threshold.isZero() ? new Decimal(Infinity) : amount.div(threshold);
    const m = `${money(materiality.amount)} ${materiality.currency}`;
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
    // A missing rate was already given as the reason the amount is not compared.
    if (!conversion) reasons.push(unknownAmountReason(position));
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
  return { severity: byRank(r), reasons, material: position === 'at_or_above' };
}

/** The conversion that applies: one from the amount's currency into the materiality's, when they differ. */
function usableConversion(input: SeverityInput, position: MaterialityPosition): FxConversionDto | null {
  const c = input.conversion;
  if (!c || position !== 'not_comparable') return null;
  return c.from === input.currency && c.to === input.flow?.materiality?.currency ? c : null;
}

/**
 * "1,250.00 EUR = 1,355.25 USD at 1.0842 (EUR→USD, rate of 2026-11-30)", or why it could not be
 * converted ("no EUR→USD rate on or before 2026-11-30: amount not compared"), never a zero.
 */
export function conversionReason(amount: string, c: FxConversionDto): string {
  if (!c.ok) return `no ${c.from}→${c.to} rate on or before ${c.asOf}: amount not compared`;
  const head = `${money(amount)} ${c.from} = ${money(c.amount)} ${c.to}`;
  const [a, b] = c.rates;
  switch (c.method) {
    case 'direct':
      return `${head} at ${a!.rate} (${c.from}→${c.to}, rate of ${a!.date})`;
    case 'inverse':
      return `${head} at 1/${a!.rate} (${a!.base}→${a!.quote}, rate of ${a!.date})`;
    case 'cross':
      return `${head} through ${a!.base} (${a!.base}→${a!.quote} ${a!.rate}, rate of ${a!.date}; ${b!.base}→${b!.quote} ${b!.rate}, rate of ${b!.date})`;
    case 'identity':
      return head;
  }
}

/** An exact decimal shown with two fraction digits and thousands separators: 1,250.00. */
export function money(amount: string): string {
  const fixed = new Decimal(amount).toFixed(2, Decimal.ROUND_HALF_EVEN);
  const [whole, fraction] = fixed.split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
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
