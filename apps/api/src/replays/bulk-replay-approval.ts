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

/** Exact sums of the items' amounts per currency, in currency order (items without an amount are left out). */
export function sumByCurrency(items: readonly BulkReplayItem[]): MoneyDto[] {
  const sums = new Map<string, Decimal>();
  for (const i of items) {
    if (i.amount_at_risk === null || i.currency === null) continue;
    sums.set(i.currency, (sums.get(i.currency) ?? new Decimal(0)).plus(i.amount_at_risk));
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: amount.toFixed() }));
}

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
