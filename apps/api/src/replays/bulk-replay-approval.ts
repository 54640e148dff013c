import Decimal from 'decimal.js';
import { type MoneyDto } from '@closewatch/contracts/exceptions';

/** One failed record a bulk replay covers: its flow and amount at risk. */
export interface BulkReplayItem {
  flow_id: string;
  amount_at_risk: string | null;
  currency: string | null;
}

export interface BulkReplayApproval {
  amounts: MoneyDto[];
  needsApproval: boolean;
  reasons: string[];
}

/** For a flow and a total in one currency, why a second person must approve, or null (the dismissal rule, ExceptionsService.approvalRule). */
export type ApprovalRule = (flow: string, amount: string, currency: string) => string | null;

/**
 * Exact sums of the items' amounts per currency, in currency order (items without an amount are
 * left out), written with as many decimals as the most precise amount summed ("1200.00", not "1200").
 */
export function sumByCurrency(items: readonly BulkReplayItem[]): MoneyDto[] {
  const sums = new Map<string, { total: Decimal; scale: number }>();
  for (const i of items) {
    if (i.amount_at_risk === null || i.currency === null) continue;
    const amount = new Decimal(i.amount_at_risk);
    const sum = sums.get(i.currency) ?? { total: new Decimal(0), scale: 0 };
    sums.set(i.currency, { total: sum.total.plus(amount), scale: Math.max(sum.scale, decimalsWritten(i.amount_at_risk)) });
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, { total, scale }]) => ({ currency, amount: total.toFixed(scale) }));
}

/** Decimals as written ("1200.00" has 2, though its value has none). */
const decimalsWritten = (amount: string): number => {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
};

/**
 * Whether a bulk replay needs a second person's approval: the rule is applied per flow to its
 * records' total in each currency (so many small records of one flow count together), and any
 * total that needs it makes the whole replay wait. `amounts` are the totals over all flows.
 */
export function bulkReplayApproval(items: readonly BulkReplayItem[], rule: ApprovalRule): BulkReplayApproval {
  const reasons: string[] = [];
  for (const flow of [...new Set(items.map((i) => i.flow_id))].sort()) {
    for (const total of sumByCurrency(items.filter((i) => i.flow_id === flow))) {
      const why = rule(flow, total.amount, total.currency);
      if (why) reasons.push(`flow ${flow}: ${why}`);
    }
  }
  return { amounts: sumByCurrency(items), needsApproval: reasons.length > 0, reasons };
}
