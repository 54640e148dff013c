import Decimal from 'decimal.js';
import { type FlowDto } from '@closewatch/contracts/catalog';

/**
 * Whether a new version of a flow changes its materiality (what four-eyes guards): a currency
 * or an amount that differs as an exact decimal (`1000` and `1000.00` are the same), or one
 * set where the other is not.
 */
export function materialityChanged(before: Pick<FlowDto, 'materiality'>, after: Pick<FlowDto, 'materiality'>): boolean {
  const a = before.materiality;
  const b = after.materiality;
  if (!a || !b) return Boolean(a) !== Boolean(b);
  return a.currency !== b.currency || !new Decimal(a.amount).eq(new Decimal(b.amount));
}
