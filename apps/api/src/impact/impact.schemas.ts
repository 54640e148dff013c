import { z } from 'zod';
import { CASH_SERIES_STEPS } from '@closewatch/contracts/impact';
import { CURRENCY_PATTERN, PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { optionalParam } from '../common/query-params';

const period = z.string().regex(PERIOD_PATTERN, 'must be a period YYYY-MM such as "2026-11"');
const currency = z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "EUR"');
const entity = z.string().trim().min(1).max(100, 'must be at most 100 characters');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO instant such as "2026-11-30T00:00:00Z"' });

/** `GET /api/v1/impact/cash`; without a period, the current UTC month; without a currency, CLOSEWATCH_REPORTING_CURRENCY. */
export const cashQuerySchema = z.object({ period: optionalParam(period), currency: optionalParam(currency), entity: optionalParam(entity) }).strict();
export type CashQuery = z.infer<typeof cashQuerySchema>;

/** `GET /api/v1/impact/cash/series`: `from` defaults to the period's first instant, `to` to now. */
export const cashSeriesQuerySchema = cashQuerySchema
  .extend({ from: optionalParam(instant), to: optionalParam(instant), step: optionalParam(z.enum(CASH_SERIES_STEPS)) })
  .strict();
export type CashSeriesQuery = z.infer<typeof cashSeriesQuerySchema>;

/** `GET /api/v1/impact/board-metrics`. */
export const boardMetricsQuerySchema = z.object({ period: optionalParam(period), currency: optionalParam(currency) }).strict();
export type BoardMetricsQuery = z.infer<typeof boardMetricsQuerySchema>;

/** `GET /api/v1/impact/board-metrics/series`: the amount at risk over time on the flows feeding `metric`. */
export const boardMetricSeriesQuerySchema = boardMetricsQuerySchema
  .extend({
    metric: z.string().trim().min(1, 'is required: a board metric name such as "ARR"').max(200, 'must be at most 200 characters'),
    from: optionalParam(instant),
    to: optionalParam(instant),
    step: optionalParam(z.enum(CASH_SERIES_STEPS)),
  })
  .strict();
export type BoardMetricSeriesQuery = z.infer<typeof boardMetricSeriesQuerySchema>;
