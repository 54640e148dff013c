import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type BoardMetricsResponse,
  type CashImpactResponse,
  type CashSeriesResponse,
  type CashSeriesStep,
  IMPACT_EXCEPTION_LINKS,
} from '@closewatch/contracts/impact';
import { ApiError } from '../common/api-error';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { FxRatesService } from '../close/fx-rates.service';
import { SyncHealthService } from '../sync-health/sync-health.service';
import { boardMetrics, type FeedingFlowFacts } from './board-metric-trust';
import { cashConversionRequests, cashImpact } from './cash-impact';
import { currentUtcPeriod, defaultSeriesEnd, periodStart, seriesInstants, seriesPoints } from './cash-series';
import { amountOpenAt, cashAggregates, cashLinks, feedingFlows, flowsAtRisk, latestReconRuns, type SeriesScope } from './impact.queries';

export interface ImpactScope {
  period?: string;
  currency?: string;
  entity?: string;
}

/**
 * Finance impact (docs/impact.md): amount at risk in cash flows by entity and currency and over
 * time, and whether each board metric can be trusted for a period. Amounts are converted with
 * FxRatesService (rates on or before the period's last day); flow health comes from
 * SyncHealthService over the configured health window.
 */
@Injectable()
export class ImpactService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly fx: FxRatesService,
    private readonly health: SyncHealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  cash(q: ImpactScope, now = new Date()): Promise<CashImpactResponse> {
    const period = q.period ?? currentUtcPeriod(now);
    const currency = q.currency ?? this.config.reportingCurrency;
    const entity = q.entity ?? null;
    return this.read(async (m) => {
      const [rows, links] = await Promise.all([cashAggregates(m, period, entity), cashLinks(m, period, entity, IMPACT_EXCEPTION_LINKS)]);
      const conversions = await this.fx.convertManyForPeriod(m, cashConversionRequests(rows, currency, period));
      return cashImpact({ period, entity, reportingCurrency: currency, asOf: now, rows, links, conversions });
    });
  }

  cashSeries(q: ImpactScope & { from?: string; to?: string; step?: CashSeriesStep }, now = new Date()): Promise<CashSeriesResponse> {
    return this.series({ kind: 'cash', entity: q.entity ?? null }, q, now);
  }

  /** `GET /api/v1/impact/board-metrics/series`: the amount at risk open over time on the flows feeding one metric. */
  boardMetricSeries(
    q: Omit<ImpactScope, 'entity'> & { metric: string; from?: string; to?: string; step?: CashSeriesStep },
    now = new Date(),
  ): Promise<CashSeriesResponse> {
    return this.series({ kind: 'metric', metric: q.metric }, q, now);
  }

  private series(
    scope: SeriesScope,
    q: Omit<ImpactScope, 'entity'> & { from?: string; to?: string; step?: CashSeriesStep },
    now: Date,
  ): Promise<CashSeriesResponse> {
    const period = q.period ?? currentUtcPeriod(now);
    const currency = q.currency ?? this.config.reportingCurrency;
    const entity = scope.kind === 'cash' ? scope.entity : null;
    const step = q.step ?? 'day';
    const from = q.from ? new Date(q.from) : periodStart(period);
    const to = q.to ? new Date(q.to) : defaultSeriesEnd(from, now, step);
    const steps = seriesInstants(from, to, step);
    if (!steps.ok) throw ApiError.field(steps.field, steps.message);
    return this.read(async (m) => {
      const rows = await amountOpenAt(m, period, scope, steps.instants);
      const conversions = await this.fx.convertManyForPeriod(
        m,
        rows.map((r) => ({ amount: r.amount, from: r.currency, to: currency, period })),
      );
      return {
        period,
        entity,
        metric: scope.kind === 'metric' ? scope.metric : null,
        reportingCurrency: currency,
        step,
        from: from.toISOString(),
        to: to.toISOString(),
        currencies: [...new Set(rows.map((r) => r.currency))].sort(),
        points: seriesPoints(steps.instants, rows, conversions, currency),
      };
    });
  }

  async boardMetrics(q: Omit<ImpactScope, 'entity'>, now = new Date()): Promise<BoardMetricsResponse> {
    const period = q.period ?? currentUtcPeriod(now);
    const currency = q.currency ?? this.config.reportingCurrency;
    const statuses = new Map((await this.health.statuses(this.config.healthWindowSeconds, now)).map((s) => [s.flow, s]));
    const items = await this.read(async (m) => {
      const flows = await feedingFlows(m);
      const ids = flows.map((f) => f.id);
      const [recons, atRisk] = await Promise.all([latestReconRuns(m, ids, period), flowsAtRisk(m, ids, period)]);
      const materialityOf = new Map(flows.map((f) => [f.id, f.materiality_currency]));
      // Sums into the reporting currency; each flow's largest amounts into its materiality's.
      const toReporting = await this.fx.convertManyForPeriod(
        m,
        atRisk.map((r) => ({ amount: r.amount, from: r.currency, to: currency, period })),
      );
      const toMateriality = await this.fx.convertManyForPeriod(
        m,
        atRisk.map((r) => ({ amount: r.largest_amount, from: r.currency, to: materialityOf.get(r.flow_id) ?? r.currency, period })),
      );
      const facts: FeedingFlowFacts[] = flows.map((f) => {
        const mine = atRisk.map((r, i) => ({ r, i })).filter(({ r }) => r.flow_id === f.id);
        const health = statuses.get(f.id);
        return {
          flow: f.id,
          name: f.name,
          boardMetrics: f.board_metrics,
          materiality: f.materiality_amount && f.materiality_currency ? { amount: f.materiality_amount, currency: f.materiality_currency } : null,
          health: health ? { status: health.status, reason: health.reason } : { status: 'degraded', reason: 'no health status was evaluated for it' },
          recons: recons
            .filter((r) => r.flow_id === f.id)
            .map((r) => ({
              reconId: r.recon_id,
              name: r.name,
              run:
                r.run_id && r.status
                  ? { id: r.run_id, status: r.status, material: r.material, finishedAt: r.finished_at, breaks: r.breaks ?? 0, error: r.error_message }
                  : null,
            })),
          atRisk: mine.map(({ r, i }) => ({ currency: r.currency, amount: r.amount, exceptions: r.exceptions, converted: toReporting[i]! })),
          largest: mine.map(({ r, i }) => ({
            exceptionId: r.largest_id,
            amount: r.largest_amount,
            currency: r.currency,
            toMateriality: f.materiality_currency && f.materiality_currency !== r.currency ? toMateriality[i]! : null,
          })),
        };
      });
      return boardMetrics(facts, period, currency);
    });
    return { period, reportingCurrency: currency, asOf: now.toISOString(), items };
  }

  /** One snapshot per answer, read-only. */
  private read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      await m.query('set transaction read only');
      return work(m);
    });
  }
}
