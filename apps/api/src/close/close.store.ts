import { type EntityManager } from 'typeorm';
import { type CloseCalendarDto, type ClosePeriodOverrideDto, type FxRateDto } from '@closewatch/contracts/close';
import { queryRecords } from '../common/query-records';

/**
 * Every statement on `close_calendars` and `fx_rates`, for the close services and the catalog
 * document. Each function runs on the EntityManager of an open transaction.
 */

interface CalendarRow {
  entity: string;
  timezone: string;
  workweek: number[];
  holidays: string[];
  close_start: string;
  deadline: string;
  deadline_time: string;
  periods: Record<string, Partial<ClosePeriodOverrideDto>>;
}

const CALENDAR_SELECT = `select entity, timezone, workweek, holidays::text[] as holidays, close_start, deadline, deadline_time, periods from close_calendars`;

/** jsonb keeps its own key order; the DTO's is fixed here so exports compare equal. */
function toCalendarDto(r: CalendarRow): CloseCalendarDto {
  const periods: Record<string, ClosePeriodOverrideDto> = {};
  for (const key of Object.keys(r.periods).sort()) {
    const o = r.periods[key]!;
    periods[key] = { closeStart: o.closeStart ?? null, deadline: o.deadline ?? null };
  }
  return {
    entity: r.entity,
    timezone: r.timezone,
    workweek: r.workweek.map(Number),
    holidays: r.holidays,
    closeStart: r.close_start,
    deadline: r.deadline,
    deadlineTime: r.deadline_time,
    periods,
  };
}

export async function readCalendar(m: EntityManager, entity: string): Promise<CloseCalendarDto | undefined> {
  const rows = await queryRecords<CalendarRow>(m, `${CALENDAR_SELECT} where entity = $1`, [entity]);
  return rows[0] && toCalendarDto(rows[0]);
}

/** The calendars of these entities (those that have one), in one statement. */
export async function readCalendarsOf(m: EntityManager, entities: readonly string[]): Promise<CloseCalendarDto[]> {
  const rows = await queryRecords<CalendarRow>(m, `${CALENDAR_SELECT} where entity = any($1::text[]) order by entity`, [[...new Set(entities)]]);
  return rows.map(toCalendarDto);
}

/** Calendars ordered by entity, after `after` when given, at most `limit` (all when undefined). */
export async function readCalendars(m: EntityManager, options: { after?: string; limit?: number } = {}): Promise<CloseCalendarDto[]> {
  const rows = await queryRecords<CalendarRow>(m, `${CALENDAR_SELECT} where ($1::text is null or entity > $1) order by entity limit $2`, [
    options.after ?? null,
    options.limit ?? null,
  ]);
  return rows.map(toCalendarDto);
}

/** Creates or replaces; true when the calendar is new. */
export async function upsertCalendar(m: EntityManager, c: CloseCalendarDto): Promise<boolean> {
  const rows = await queryRecords<{ created: boolean }>(
    m,
    `insert into close_calendars (entity, timezone, workweek, holidays, close_start, deadline, deadline_time, periods)
     values ($1, $2, $3::smallint[], $4::date[], $5, $6, $7, $8::jsonb)
     on conflict (entity) do update set timezone = excluded.timezone, workweek = excluded.workweek, holidays = excluded.holidays,
       close_start = excluded.close_start, deadline = excluded.deadline, deadline_time = excluded.deadline_time,
       periods = excluded.periods, updated_at = now()
     returning (xmax = 0) as created`,
    [c.entity, c.timezone, c.workweek, c.holidays, c.closeStart, c.deadline, c.deadlineTime, JSON.stringify(c.periods)],
  );
  return rows[0]?.created === true;
}

export async function deleteCalendar(m: EntityManager, entity: string): Promise<boolean> {
  return (await queryRecords(m, `delete from close_calendars where entity = $1 returning entity`, [entity])).length === 1;
}

interface RateRow {
  date: string;
  base: string;
  quote: string;
  rate: string;
}

const RATE_SELECT = `select rate_date::text as date, base, quote, rate::text as rate from fx_rates`;

/** Replaces every rate of `base` dated `date` with `rates`. */
export async function replaceRates(m: EntityManager, date: string, base: string, rates: Record<string, string>): Promise<FxRateDto[]> {
  const quotes = Object.keys(rates).sort();
  await queryRecords(m, `delete from fx_rates where rate_date = $1 and base = $2 and quote <> all($3::text[])`, [date, base, quotes]);
  await queryRecords(
    m,
    `insert into fx_rates (rate_date, base, quote, rate)
     select $1::date, $2, q, r::numeric from unnest($3::text[], $4::text[]) as t(q, r)
     on conflict (base, quote, rate_date) do update set rate = excluded.rate, updated_at = now()`,
    [date, base, quotes, quotes.map((q) => rates[q])],
  );
  return queryRecords<RateRow>(m, `${RATE_SELECT} where rate_date = $1 and base = $2 order by quote`, [date, base]);
}

/** Adds the rates of `base` on `date` that are not stored yet; stored ones stay as they are. */
export async function insertMissingRates(m: EntityManager, date: string, base: string, rates: Record<string, string>): Promise<number> {
  const quotes = Object.keys(rates).sort();
  const rows = await queryRecords(
    m,
    `insert into fx_rates (rate_date, base, quote, rate)
     select $1::date, $2, q, r::numeric from unnest($3::text[], $4::text[]) as t(q, r)
     on conflict (base, quote, rate_date) do nothing returning quote`,
    [date, base, quotes, quotes.map((q) => rates[q])],
  );
  return rows.length;
}

export interface RateFilter {
  date?: string;
  base?: string;
  quote?: string;
  /** Keyset: the last row of the previous page, in list order (date descending, base, quote). */
  after?: [string, string, string];
  limit: number;
}

export async function listRates(m: EntityManager, f: RateFilter): Promise<FxRateDto[]> {
  const [afterDate, afterBase, afterQuote] = f.after ?? [null, null, null];
  return queryRecords<RateRow>(
    m,
    `${RATE_SELECT}
     where ($1::date is null or rate_date = $1) and ($2::text is null or base = $2) and ($3::text is null or quote = $3)
       and ($4::date is null or rate_date < $4 or (rate_date = $4 and (base, quote) > ($5::text, $6::text)))
     order by rate_date desc, base, quote limit $7`,
    [f.date ?? null, f.base ?? null, f.quote ?? null, afterDate, afterBase, afterQuote, f.limit],
  );
}

/**
 * For each pair that touches `currencies` (as base or quote), the latest rate dated on or
 * before `asOf`: what a conversion between two of them may use, directly, inverted or crossed
 * through a common base (a base quoting both).
 */
export async function ratesForConversion(m: EntityManager, currencies: string[], asOf: string): Promise<FxRateDto[]> {
  return queryRecords<RateRow>(
    m,
    `select distinct on (base, quote) rate_date::text as date, base, quote, rate::text as rate
     from fx_rates
     where rate_date <= $2::date
       and (base = any($1::text[]) or quote = any($1::text[]))
     order by base, quote, rate_date desc`,
    [currencies, asOf],
  );
}

/**
 * ratesForConversion for several cut-off dates in one statement: for each date, the latest rate
 * per pair on or before it (a rate may serve several dates; each row is returned once).
 */
export async function ratesForConversions(m: EntityManager, currencies: readonly string[], asOf: readonly string[]): Promise<FxRateDto[]> {
  return queryRecords<RateRow>(
    m,
    `select distinct s.date, s.base, s.quote, s.rate from (
       select distinct on (d.as_of, r.base, r.quote) r.rate_date::text as date, r.base, r.quote, r.rate::text as rate
       from unnest($2::date[]) as d(as_of)
       join fx_rates r on r.rate_date <= d.as_of and (r.base = any($1::text[]) or r.quote = any($1::text[]))
       order by d.as_of, r.base, r.quote, r.rate_date desc) s
     order by s.base, s.quote, s.date`,
    [[...new Set(currencies)], [...new Set(asOf)]],
  );
}
