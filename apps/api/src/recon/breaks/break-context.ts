import { CURRENCY_PATTERN, DECIMAL_PATTERN, PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { type ReconDefinitionBody } from '@closewatch/contracts/recon';
import { type ReconPlan } from '@closewatch/recon/compile';
import { type FieldPair } from '@closewatch/recon/definition';
import { type ReconBreak } from '@closewatch/recon/result';

/**
 * Where a break's finance context comes from: the record key looked up in telemetry, and the
 * currency, entity and period of the broken record, read from the fields the definition carries
 * (key, compared and totals fields) by their usual names, else from the scope or the
 * definition's materiality currency.
 */
export interface BreakContext {
  /** Source name of the key field that is the telemetry record key. */
  recordKeyField: string;
  keyFields: string[];
  currency: FieldPair | null;
  entity: FieldPair | null;
  period: FieldPair | null;
  scope: Readonly<Record<string, string>>;
  /** Currency of amounts when the data has no currency field. */
  defaultCurrency: string | null;
}

const CURRENCY_NAMES = /^(currency|currency_code|cur|ccy|curr|iso_currency)$/i;
const ENTITY_NAMES = /^(entity|entity_code|legal_entity|company|company_code|bu|business_unit)$/i;
const PERIOD_NAMES = /^(period|accounting_period|fiscal_period|gl_period)$/i;

export function breakContext(
  definition: Pick<ReconDefinitionBody, 'recordKey' | 'materiality'>,
  plan: ReconPlan,
  scope: Readonly<Record<string, string>>,
): BreakContext {
  const pairs: FieldPair[] = [...plan.keys, ...plan.fields];
  const find = (re: RegExp) => pairs.find((p) => re.test(p.source) || re.test(p.target)) ?? null;
  return {
    recordKeyField: definition.recordKey ?? plan.keys[0]!.source,
    keyFields: plan.keys.map((k) => k.source),
    currency: find(CURRENCY_NAMES),
    entity: find(ENTITY_NAMES),
    period: find(PERIOD_NAMES),
    scope,
    defaultCurrency: definition.materiality?.currency ?? null,
  };
}

/** The values a break is stored and raised with. */
export interface BreakFacts {
  keyText: string;
  recordKey: string;
  /** The engine's amount at risk (a positive decimal string) when it is one. */
  amountAtRisk: string | null;
  /** The record's currency, when the data carries a valid one (else the materiality currency when the data has no currency field). */
  currency: string | null;
  entity: string | null;
  period: string | null;
}

type BreakValues = Pick<ReconBreak, 'key' | 'source' | 'target' | 'amountAtRisk'>;

function valueOf(b: BreakValues, field: FieldPair | null): string | null {
  if (!field) return null;
  const v = b.source?.[field.source] ?? b.target?.[field.target] ?? null;
  return v === null || typeof v === 'object' ? null : String(v).trim();
}

export function breakFacts(b: BreakValues, ctx: BreakContext): BreakFacts {
  const keyText = JSON.stringify(ctx.keyFields.map((f) => b.key[f] ?? null));
  const rk = b.key[ctx.recordKeyField];
  const currencyValue = valueOf(b, ctx.currency)?.toUpperCase() ?? null;
  const currency = currencyValue && CURRENCY_PATTERN.test(currencyValue) ? currencyValue : ctx.currency ? null : ctx.defaultCurrency;
  const amount = b.amountAtRisk !== null && DECIMAL_PATTERN.test(b.amountAtRisk) ? b.amountAtRisk : null;
  const periodValue = valueOf(b, ctx.period) ?? ctx.scope.period ?? null;
  return {
    keyText,
    recordKey: rk === null || rk === undefined || rk === '' ? keyText : rk,
    amountAtRisk: amount,
    currency,
    entity: (valueOf(b, ctx.entity) || null) ?? ctx.scope.entity ?? null,
    period: periodValue && PERIOD_PATTERN.test(periodValue) ? periodValue : null,
  };
}
