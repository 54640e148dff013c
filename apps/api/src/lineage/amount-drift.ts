import Decimal from 'decimal.js';
import { type AmountDriftDto, type HopDto, type HopRef } from '@closewatch/contracts/telemetry';

/** Exact arithmetic: addition and subtraction never round at this precision (cost follows the digits). */
const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * Amount drift of one record's lineage: each amount-bearing hop is compared with the previous
 * amount-bearing hop in the same currency (hops in other currencies in between are conversions,
 * not drift). An entry is made when the value changed; `100.00` and `100` are the same amount.
 * Amounts stay exact decimal strings; the difference keeps the larger scale of the two.
 */
export function amountDrift(hops: readonly HopDto[]): AmountDriftDto[] {
  const drift: AmountDriftDto[] = [];
  const lastByCurrency = new Map<string, { index: number; value: Decimal; text: string }>();
  hops.forEach((hop, index) => {
    if (hop.amount === null || hop.currency === null) return;
    const value = new Exact(hop.amount);
    const prev = lastByCurrency.get(hop.currency);
    if (prev && !prev.value.eq(value)) {
      const prevHop = hops[prev.index]!;
      drift.push({
        currency: hop.currency,
        from: prev.text,
        to: hop.amount,
        difference: value.minus(prev.value).toFixed(Math.max(scaleOf(prev.text), scaleOf(hop.amount))),
        fromHop: refOf(prevHop, prev.index),
        toHop: refOf(hop, index),
      });
    }
    lastByCurrency.set(hop.currency, { index, value, text: hop.amount });
  });
  return drift;
}

/** Digits after the decimal point as written (`"100.50"` has 2); exponent forms count as Decimal does. */
function scaleOf(amount: string): number {
  const plain = /^[-+]?\d*(?:\.(\d*))?$/.exec(amount);
  return plain ? (plain[1]?.length ?? 0) : new Exact(amount).decimalPlaces();
}

function refOf(hop: HopDto, index: number): HopRef {
  return { index, flow: hop.flow, stage: hop.stage, system: hop.system, occurredAt: hop.occurredAt };
}
