import Decimal from 'decimal.js';
import { type FxConversionDto, type FxRateDto } from '@closewatch/contracts/close';

/**
 * Currency conversion with the configured rates (docs/close.md, FX). A rate says 1 `base` =
 * `rate` `quote`. The candidates are, per (base, quote) pair, the latest rate dated on or before
 * the cut-off (the period's last day); this picks the path:
 * 1. identity: same currency, no rate;
 * 2. direct: a rate base=from, quote=to: amount × rate;
 * 3. inverse: a rate base=to, quote=from: amount ÷ rate;
 * 4. cross: a base B quoting both: amount ÷ rate(B→from) × rate(B→to), choosing the B whose
 *    older rate is the most recent (then the alphabetically first B);
 * otherwise a `missing_rate` result, never a zero.
 */

/** 40 significant digits: rates have at most 30, so a cross rate loses nothing that is kept. */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
/** Converted amounts keep at most 10 fraction digits (the telemetry amount's precision). */
export const CONVERTED_DECIMALS = 10;

const text = (d: Decimal) => d.toDecimalPlaces(CONVERTED_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed();

/** The latest rate per (base, quote) among `rates` dated on or before `asOf`. */
export function latestRates(rates: readonly FxRateDto[], asOf: string): FxRateDto[] {
  const best = new Map<string, FxRateDto>();
  for (const r of rates) {
    if (r.date > asOf) continue;
    const key = `${r.base}/${r.quote}`;
    const seen = best.get(key);
    if (!seen || seen.date < r.date) best.set(key, r);
  }
  return [...best.values()];
}

export function convertAmount(amount: string, from: string, to: string, asOf: string, rates: readonly FxRateDto[]): FxConversionDto {
  const value = new Dec(amount);
  if (from === to) return { ok: true, amount: text(value), from, to, asOf, method: 'identity', rates: [] };
  const latest = latestRates(rates, asOf);
  const find = (base: string, quote: string) => latest.find((r) => r.base === base && r.quote === quote);

  const direct = find(from, to);
  if (direct) return { ok: true, amount: text(value.times(direct.rate)), from, to, asOf, method: 'direct', rates: [direct] };
  const inverse = find(to, from);
  if (inverse) return { ok: true, amount: text(value.dividedBy(inverse.rate)), from, to, asOf, method: 'inverse', rates: [inverse] };

  const crosses = latest
    .filter((r) => r.quote === from)
    .map((viaFrom) => ({ viaFrom, viaTo: find(viaFrom.base, to) }))
    .filter((c): c is { viaFrom: FxRateDto; viaTo: FxRateDto } => c.viaTo !== undefined)
    .sort((a, b) => {
      const older = (c: typeof a) => (c.viaFrom.date < c.viaTo.date ? c.viaFrom.date : c.viaTo.date);
      return older(b).localeCompare(older(a)) || a.viaFrom.base.localeCompare(b.viaFrom.base);
    });
  const cross = crosses[0];
  if (cross) {
    const converted = value.dividedBy(cross.viaFrom.rate).times(cross.viaTo.rate);
    return { ok: true, amount: text(converted), from, to, asOf, method: 'cross', rates: [cross.viaFrom, cross.viaTo] };
  }
  return {
    ok: false,
    reason: 'missing_rate',
    amount: text(value),
    from,
    to,
    asOf,
    message: `no ${from}/${to} rate on or before ${asOf}, directly, inverted or through a common base`,
  };
}
