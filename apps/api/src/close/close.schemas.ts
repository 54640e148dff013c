import { z } from 'zod';
import { isIsoDate } from '@closewatch/contracts/close-schema';
import { CURRENCY_PATTERN, DECIMAL_PATTERN, PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { pageQuerySchema } from '../common/pagination';

const period = z.string().regex(PERIOD_PATTERN, 'must be a period YYYY-MM such as "2026-11"');
const date = z.string().refine(isIsoDate, 'must be a date such as "2026-11-30"');
const currency = z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "EUR"');

/** `GET /api/v1/close-calendars`. */
export const calendarsQuerySchema = pageQuerySchema.strict();
export type CalendarsQuery = z.infer<typeof calendarsQuerySchema>;

/** `GET /api/v1/close-calendars/:entity`; without a period, the close in progress (close-periods.ts). */
export const calendarQuerySchema = z.object({ period: period.optional() }).strict();
export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

/** `GET /api/v1/fx-rates`. */
export const fxRatesQuerySchema = pageQuerySchema.extend({ date: date.optional(), base: currency.optional(), quote: currency.optional() }).strict();
export type FxRatesQuery = z.infer<typeof fxRatesQuerySchema>;

/** `GET /api/v1/fx-rates/convert`: by period (its last day is the cut-off) or by date. */
export const fxConvertQuerySchema = z
  .object({
    amount: z.string().regex(DECIMAL_PATTERN, 'must be a decimal such as "1250.00"'),
    from: currency,
    to: currency,
    period: period.optional(),
    date: date.optional(),
  })
  .strict()
  .refine((q) => (q.period === undefined) !== (q.date === undefined), { path: ['period'], message: 'give either period or date' });
export type FxConvertQuery = z.infer<typeof fxConvertQuerySchema>;
