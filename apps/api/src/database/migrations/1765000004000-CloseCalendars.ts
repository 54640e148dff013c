import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Close calendars per entity and FX rates (1 base = rate quote, by date). */
export class CloseCalendars1765000004000 implements MigrationInterface {
  name = 'CloseCalendars1765000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table close_calendars (
        entity text not null,
        timezone text not null,
        workweek smallint[] not null,
        holidays date[] not null default '{}',
        close_start text not null,
        deadline text not null,
        deadline_time text not null,
        periods jsonb not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint close_calendars_pkey primary key (entity),
        constraint close_calendars_workweek_check check (cardinality(workweek) between 1 and 7 and workweek <@ array[1,2,3,4,5,6,7]::smallint[]),
        constraint close_calendars_close_start_check check (close_start ~ '^WD[+-][1-9][0-9]?$'),
        constraint close_calendars_deadline_check check (deadline ~ '^WD[+-][1-9][0-9]?$'),
        constraint close_calendars_deadline_time_check check (deadline_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        constraint close_calendars_periods_check check (jsonb_typeof(periods) = 'object')
      )`);
    await q.query(`
      create table fx_rates (
        rate_date date not null,
        base text not null,
        quote text not null,
        rate numeric not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint fx_rates_pkey primary key (base, quote, rate_date),
        constraint fx_rates_base_check check (base ~ '^[A-Z]{3}$'),
        constraint fx_rates_quote_check check (quote ~ '^[A-Z]{3}$' and quote <> base),
        constraint fx_rates_rate_check check (rate > 0)
      )`);
    // Conversions look a currency up on either side of a pair; the primary key serves the base side.
    await q.query(`create index fx_rates_quote_idx on fx_rates (quote, base, rate_date)`);
    await q.query(`create index fx_rates_date_idx on fx_rates (rate_date desc, base, quote)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table fx_rates`);
    await q.query(`drop table close_calendars`);
  }
}
