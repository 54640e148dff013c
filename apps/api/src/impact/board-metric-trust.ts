import { type FxConversionDto } from '@closewatch/contracts/close';
import {
  type BoardMetricDto,
  type BoardMetricFlowDto,
  type BoardMetricReasonDto,
  type ConvertedTotalDto,
  type FlowReconStateDto,
} from '@closewatch/contracts/impact';
import { type FlowSyncStatus } from '@closewatch/contracts/sync-health';
import { convertedTotal, Money, sumDecimals } from './impact-money';

/** The latest finished run of a reconciliation of the period (null: none finished yet). */
export interface ReconRunFacts {
  reconId: string;
  name: string;
  run: { id: string; status: 'succeeded' | 'failed'; material: boolean | null; finishedAt: Date | null; breaks: number; error: string | null } | null;
}

/** The largest unresolved exception of a flow in one currency, and that amount in the materiality's currency. */
export interface LargestException {
  exceptionId: string;
  amount: string;
  currency: string;
  /** Null when the currency is the materiality's. */
  toMateriality: FxConversionDto | null;
}

/** What is known about one flow that feeds board metrics, for one period. */
export interface FeedingFlowFacts {
  flow: string;
  name: string;
  boardMetrics: readonly string[];
  materiality: { amount: string; currency: string } | null;
  health: { status: FlowSyncStatus; reason: string };
  recons: readonly ReconRunFacts[];
  /** Unresolved exceptions of the period by currency, each converted to the reporting currency. */
  atRisk: readonly { currency: string; amount: string; exceptions: number; converted: FxConversionDto }[];
  largest: readonly LargestException[];
}

export function reconState(r: ReconRunFacts): FlowReconStateDto {
  const base = {
    reconId: r.reconId,
    name: r.name,
    runId: r.run?.id ?? null,
    finishedAt: r.run?.finishedAt?.toISOString() ?? null,
    breaks: r.run?.breaks ?? null,
  };
  if (!r.run) return { ...base, state: 'not_run' };
  if (r.run.status === 'failed') return { ...base, state: 'failed' };
  return { ...base, state: r.run.material === true ? 'material_breaks' : 'reconciled' };
}

/**
 * Why a flow makes the metrics it feeds untrustworthy for `period` (none: it does not):
 * - its sync health is anything but healthy (failing, stale, degraded);
 * - it is not reconciled: no reconciliation, or one whose latest finished run of the period is
 *   missing, failed, or found breaks at or above materiality;
 * - an unresolved exception of the period at or above the flow's materiality (an amount in
 *   another currency without a rate counts, as it cannot be shown to be below).
 */
export function flowReasons(f: FeedingFlowFacts, period: string): BoardMetricReasonDto[] {
  const reasons: BoardMetricReasonDto[] = [];
  const add = (kind: BoardMetricReasonDto['kind'], message: string, ids: Partial<Pick<BoardMetricReasonDto, 'exceptionId' | 'reconId' | 'runId'>> = {}) =>
    reasons.push({ kind, flow: f.flow, message, exceptionId: ids.exceptionId ?? null, reconId: ids.reconId ?? null, runId: ids.runId ?? null });

  if (f.health.status !== 'healthy') add('flow_unhealthy', `Flow ${f.flow} is ${f.health.status}: ${f.health.reason}.`);
  if (f.recons.length === 0) add('recon_missing', `Flow ${f.flow} has no reconciliation, so ${period} is not reconciled.`);
  for (const r of f.recons) {
    const s = reconState(r);
    switch (s.state) {
      case 'reconciled':
        break;
      case 'not_run':
        add('recon_not_run', `Reconciliation ${r.reconId} of flow ${f.flow} has no finished run for ${period}.`, { reconId: r.reconId });
        break;
      case 'failed':
        add('recon_failed', `The latest ${period} run of reconciliation ${r.reconId} (flow ${f.flow}) failed${r.run?.error ? `: ${r.run.error}` : ''}.`, {
          reconId: r.reconId,
          runId: s.runId,
        });
        break;
      case 'material_breaks':
        add(
          'recon_material_breaks',
          `The latest ${period} run of reconciliation ${r.reconId} (flow ${f.flow}) found ${s.breaks} ${s.breaks === 1 ? 'break' : 'breaks'}, at or above materiality.`,
          { reconId: r.reconId, runId: s.runId },
        );
        break;
    }
  }
  const material = largestMaterial(f);
  if (material) add('material_exception', material.message, { exceptionId: material.exceptionId });
  return reasons;
}

/** The largest unresolved exception at or above the flow's materiality, with the sentence saying so. */
function largestMaterial(f: FeedingFlowFacts): { exceptionId: string; message: string } | null {
  const m = f.materiality;
  if (!m) return null;
  const threshold = new Money(m.amount);
  const candidates = f.largest.flatMap((e) => {
    const at = `Flow ${f.flow} has an unresolved exception ${e.exceptionId} of ${e.amount} ${e.currency}`;
    if (e.currency === m.currency || e.toMateriality === null) {
      return new Money(e.amount).gte(threshold)
        ? [{ e, value: new Money(e.amount), message: `${at}, at or above its materiality of ${m.amount} ${m.currency}.` }]
        : [];
    }
    const c = e.toMateriality;
    if (!c.ok)
      return [{ e, value: new Money(Infinity), message: `${at}, which cannot be compared with its materiality of ${m.amount} ${m.currency}: ${c.message}.` }];
    return new Money(c.amount).gte(threshold)
      ? [{ e, value: new Money(c.amount), message: `${at} (${c.amount} ${m.currency}), at or above its materiality of ${m.amount} ${m.currency}.` }]
      : [];
  });
  candidates.sort((a, b) => b.value.comparedTo(a.value) || a.e.exceptionId.localeCompare(b.e.exceptionId));
  const top = candidates[0];
  return top ? { exceptionId: top.e.exceptionId, message: top.message } : null;
}

function flowView(f: FeedingFlowFacts, reportingCurrency: string): BoardMetricFlowDto {
  const recons = f.recons.map(reconState);
  return {
    flow: f.flow,
    name: f.name,
    health: { status: f.health.status, healthy: f.health.status === 'healthy', reason: f.health.reason },
    reconciled: recons.length > 0 && recons.every((r) => r.state === 'reconciled'),
    recons,
    amountAtRisk: convertedTotal(
      reportingCurrency,
      f.atRisk.map((a) => a.converted),
    ),
    exceptions: f.atRisk.reduce((n, a) => n + a.exceptions, 0),
  };
}

/** Every metric named by a feeding flow (sorted), with its flows, reasons and amount at risk. */
export function boardMetrics(flows: readonly FeedingFlowFacts[], period: string, reportingCurrency: string): BoardMetricDto[] {
  const names = [...new Set(flows.flatMap((f) => f.boardMetrics))].sort((a, b) => a.localeCompare(b));
  const reasonsOf = new Map(flows.map((f) => [f.flow, flowReasons(f, period)]));
  return names.map((metric) => {
    const feeding = flows.filter((f) => f.boardMetrics.includes(metric)).sort((a, b) => a.flow.localeCompare(b.flow));
    const reasons = feeding.flatMap((f) => reasonsOf.get(f.flow) ?? []);
    const views = feeding.map((f) => flowView(f, reportingCurrency));
    return {
      metric,
      trustworthy: reasons.length === 0,
      reasons,
      amountAtRisk: metricTotal(reportingCurrency, views),
      exceptions: views.reduce((n, v) => n + v.exceptions, 0),
      flows: views,
    };
  });
}

function metricTotal(currency: string, views: readonly BoardMetricFlowDto[]): ConvertedTotalDto {
  const missing = [...new Set(views.flatMap((v) => v.amountAtRisk.missingCurrencies))].sort();
  const amount = sumDecimals(views.map((v) => v.amountAtRisk.amount));
  return { currency, amount, complete: missing.length === 0, missingCurrencies: missing };
}
