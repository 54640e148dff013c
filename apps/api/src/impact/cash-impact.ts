import { type FxConversionDto } from '@closewatch/contracts/close';
import { type CashImpactResponse, type CashImpactRowDto, type ImpactExceptionLinkDto } from '@closewatch/contracts/impact';
import { convertedAmount, convertedTotal, sumByCurrency } from './impact-money';

/** Unresolved exceptions with an amount of cash flows, summed by entity and currency (impact.queries.ts). */
export interface CashAggregate {
  entity: string | null;
  currency: string;
  amount: string;
  exceptions: number;
  flows: string[];
}

/** What to convert, in order: each row's amount, then each currency's total (cashConversionRequests). */
export function cashConversionRequests(rows: readonly CashAggregate[], reportingCurrency: string, period: string) {
  return [...rows, ...sumByCurrency(rows)].map((r) => ({ amount: r.amount, from: r.currency, to: reportingCurrency, period }));
}

const rowKey = (entity: string | null, currency: string) => `${entity ?? ''}\u0000${currency}`;

/**
 * The cash answer: rows by entity (nulls last) and currency, each with its conversion and the
 * largest exceptions behind it; totals per currency and in the reporting currency, incomplete
 * when a currency has no rate. `conversions` are in the order of cashConversionRequests.
 */
export function cashImpact(input: {
  period: string;
  entity: string | null;
  reportingCurrency: string;
  asOf: Date;
  rows: readonly CashAggregate[];
  links: readonly (ImpactExceptionLinkDto & { entity: string | null })[];
  conversions: readonly FxConversionDto[];
}): CashImpactResponse {
  const { rows, conversions } = input;
  const linksByRow = new Map<string, ImpactExceptionLinkDto[]>();
  for (const { entity, ...link } of input.links) {
    const key = rowKey(entity, link.currency);
    linksByRow.set(key, [...(linksByRow.get(key) ?? []), link]);
  }
  const sorted = rows
    .map((r, i) => ({ r, converted: conversions[i]! }))
    .sort(
      (a, b) =>
        (a.r.entity === null ? 1 : 0) - (b.r.entity === null ? 1 : 0) ||
        (a.r.entity ?? '').localeCompare(b.r.entity ?? '') ||
        a.r.currency.localeCompare(b.r.currency),
    );
  const out: CashImpactRowDto[] = sorted.map(({ r, converted }) => ({
    entity: r.entity,
    currency: r.currency,
    amount: r.amount,
    converted: convertedAmount(converted),
    exceptions: r.exceptions,
    flows: [...r.flows].sort(),
    items: linksByRow.get(rowKey(r.entity, r.currency)) ?? [],
  }));
  const perCurrency = sumByCurrency(rows);
  const currencyConversions = conversions.slice(rows.length);
  return {
    period: input.period,
    entity: input.entity,
    reportingCurrency: input.reportingCurrency,
    asOf: input.asOf.toISOString(),
    rows: out,
    byCurrency: perCurrency.map((c, i) => ({ ...c, converted: convertedAmount(currencyConversions[i]!) })),
    total: convertedTotal(input.reportingCurrency, currencyConversions),
    exceptions: rows.reduce((n, r) => n + r.exceptions, 0),
  };
}
