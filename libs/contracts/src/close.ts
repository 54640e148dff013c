/**
 * Close calendars and FX rates (docs/close.md): when each
 * entity's close of a period starts and is due, and the exchange rates amounts are converted with.
 */

/** A period's own instants, overriding the calendar's working-day rules (either or both). */
export interface ClosePeriodOverrideDto {
  /** ISO instant with offset, e.g. `2026-11-26T00:00:00+01:00`. */
  closeStart: string | null;
  /** ISO instant with offset, e.g. `2026-12-08T18:00:00+01:00`. */
  deadline: string | null;
}

/** `PUT /api/v1/close-calendars/:entity` (the path names the entity) and one item of the catalog's `calendars:`. */
export interface CloseCalendarDto {
  entity: string;
  /** IANA time zone; working days and the deadline time are the entity's local ones. */
  timezone: string;
  /** ISO weekdays the entity works, 1 = Monday … 7 = Sunday, sorted. */
  workweek: number[];
  /** Non-working dates (`YYYY-MM-DD`), sorted. */
  holidays: string[];
  /** `WD-N` / `WD+N`: the N-th working day before / after the period's last day; the close starts at its midnight. */
  closeStart: string;
  /** `WD+N` / `WD-N`: the day the close is due, at `deadlineTime`. */
  deadline: string;
  /** `HH:MM`, local time in `timezone`. */
  deadlineTime: string;
  /** Overrides by period (`YYYY-MM`). */
  periods: Record<string, ClosePeriodOverrideDto>;
}

/** `GET /api/v1/close-calendars/:entity?period=`. */
export interface CloseDeadlineDto {
  entity: string;
  period: string;
  closeStartAt: string;
  deadlineAt: string;
  /** Working days after today (entity's zone) up to the deadline day; 0 only on it, negative after (docs/close.md). */
  workingDaysLeft: number;
  /** Which instants came from the period's override instead of the rules. */
  overridden: { closeStart: boolean; deadline: boolean };
  calendar: CloseCalendarDto;
}

/** One rate: 1 `base` = `rate` `quote`, valid from `date` until a later rate replaces it. */
export interface FxRateDto {
  date: string;
  base: string;
  quote: string;
  /** Exact decimal text, e.g. "1.0842". */
  rate: string;
}

/** `PUT /api/v1/fx-rates`: every rate of one base on one date (replaces that date's set for the base). */
export interface FxRatesDocumentDto {
  date: string;
  base: string;
  rates: Record<string, string>;
}

export type FxConversionMethod = 'identity' | 'direct' | 'inverse' | 'cross';

/** `GET /api/v1/fx-rates/convert`: a converted amount and the rates used, or why there is none. */
export type FxConversionDto =
  | { ok: true; amount: string; from: string; to: string; asOf: string; method: FxConversionMethod; rates: FxRateDto[] }
  | { ok: false; reason: 'missing_rate'; amount: string; from: string; to: string; asOf: string; message: string };
