import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { runMigrations } from '../database/run-migrations';
import { adminQuery, TEST_ENV, uniqueName, withDatabase } from '../../test/support/test-database';

const MIGRATIONS = join(__dirname, '..', 'database', 'migrations');
const PARTITIONS_MIGRATION = '1765000021000';

/** Every row of a table (runs without run_at, which only the partitioned form has), as one hash. */
const SNAPSHOT: Record<string, string> = {
  hops: `select count(*)::int as n, md5(coalesce(string_agg(to_jsonb(t)::text, ',' order by id), '')) as h from hops t`,
  spans: `select count(*)::int as n, md5(coalesce(string_agg(to_jsonb(t)::text, ',' order by trace_id, span_id), '')) as h from spans t`,
  runs: `select count(*)::int as n, md5(coalesce(string_agg((to_jsonb(t) - 'run_at')::text, ',' order by id), '')) as h from runs t`,
  trace_spans: `select count(*)::int as n, md5(coalesce(string_agg(to_jsonb(t)::text, ',' order by trace_id, span_id), '')) as h from trace_spans t`,
};

/**
 * Migration TelemetryPartitions1765000021000 on a database holding data written by the schema
 * before it: every row is still there, unchanged, in the partition of its month (or the default
 * partition outside them), ids go on after the last one handed out, idempotency holds, and the
 * down migration gives the plain tables back with the same rows.
 */
describe('migration TelemetryPartitions (int)', () => {
  let adminUrl: string;
  let name: string;
  let db: Client;

  const snapshot = async () => {
    const out: Record<string, { n: number; h: string }> = {};
    for (const [table, sql] of Object.entries(SNAPSHOT)) out[table] = ((await db.query(sql)).rows as { n: number; h: string }[])[0]!;
    return out;
  };
  const kind = async (table: string) => (await db.query<{ k: string }>(`select relkind::text as k from pg_class where oid = $1::regclass`, [table])).rows[0]?.k;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ENV.adminUrl]!;
    name = uniqueName('cw_part');
    await adminQuery(adminUrl, `create database "${name}"`);
    const before = new DataSource({
      ...dataSourceOptions(withDatabase(adminUrl, name), 2),
      migrations: readdirSync(MIGRATIONS)
        .filter((f) => /^\d+-.*\.ts$/.test(f) && f < PARTITIONS_MIGRATION)
        .map((f) => join(MIGRATIONS, f)),
    });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    await before.destroy();
    db = new Client({ connectionString: withDatabase(adminUrl, name) });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  });

  it('moves every row into monthly partitions and keeps ids, idempotency and the trace view', async () => {
    expect(await kind('hops')).toBe('r');
    // As the previous schema's writers left them: events and finance spans over 200 days back
    // and 40 ahead, a few far outside (2001, 2041), plain spans, run reports with and without times.
    await db.query(`insert into span_resources (id, attributes) values ('r1', '{"service.name": "erp"}')`);
    await db.query(`
      insert into hops (source, source_id, flow_id, record_key, system, stage, status, occurred_at, amount, currency, entity, period,
                        trace_id, span_id, span_name, start_time, end_time, resource_id, attributes, finance_attributes)
      select case when g % 3 = 0 then 'otlp' else 'event' end,
             case when g % 3 = 0 then lpad(to_hex(g), 32, '0') || ':' || lpad(to_hex(g), 16, '0') else 'e' || g end,
             'flow-' || (g % 7), 'rk-' || (g % 500), 'erp', (array['emitted', 'posted', 'failed'])[1 + g % 3], case when g % 3 = 2 then 'error' else 'ok' end,
             now() - make_interval(days => 200) + g * interval '1 hour 25 minutes', (g * 1.25)::numeric, 'EUR', 'DE01', '2026-01',
             case when g % 3 = 0 then lpad(to_hex(g), 32, '0') end, case when g % 3 = 0 then lpad(to_hex(g), 16, '0') end,
             case when g % 3 = 0 then 'post' end, case when g % 3 = 0 then now() end, case when g % 3 = 0 then now() end,
             case when g % 3 = 0 then 'r1' end, case when g % 5 = 0 then '{"x": 1}'::jsonb end, g % 4
        from generate_series(1, 4000) g`);
    await db.query(`
      insert into hops (source, source_id, flow_id, record_key, system, stage, status, occurred_at)
      values ('event', 'old', 'flow-0', 'rk-old', 'erp', 'posted', 'ok', '2001-03-04T05:06:07Z'),
             ('event', 'far', 'flow-0', 'rk-far', 'erp', 'posted', 'ok', '2041-03-04T05:06:07Z')`);
    // A duplicate delivery burns an id: new ids must go on after it, not after max(id).
    await db.query(`insert into hops (source, source_id, flow_id, record_key, system, stage, status, occurred_at)
                    values ('event', 'far', 'flow-0', 'rk-far', 'erp', 'posted', 'ok', now()) on conflict on constraint hops_source_key do nothing`);
    const burnt = Number((await db.query<{ v: string }>(`select last_value::text as v from hops_id_seq`)).rows[0]!.v);
    await db.query(`
      insert into spans (trace_id, span_id, parent_span_id, name, start_time, end_time, attributes, resource_id)
      select lpad(to_hex(g), 32, 'a'), lpad(to_hex(g), 16, 'b'), null, 'http', now() - g * interval '7 hours', now() - g * interval '7 hours' + interval '1 second',
             '{"http.method": "GET"}', 'r1'
        from generate_series(1, 1000) g`);
    await db.query(`
      insert into runs (flow_id, run_id, status, started_at, finished_at, rows_read)
      values ('flow-1', 'run-1', 'started', now() - interval '40 days', null, null),
             ('flow-1', 'run-1', 'succeeded', now() - interval '40 days', now() - interval '39 days', 10),
             ('flow-1', 'run-2', 'started', null, null, null),
             ('flow-1', 'run-3', 'failed', null, now() - interval '1 day', 3)`);
    const before = await snapshot();
    expect(before.hops!.n).toBe(4002);

    // This migration first; any later ones after it.
    const ran = await runMigrations(withDatabase(adminUrl, name));
    expect(ran[0]).toBe('TelemetryPartitions1765000021000');
    for (const later of ran.slice(1)) expect(Number(/\d+$/.exec(later)?.[0])).toBeGreaterThan(1765000021000);

    expect(await kind('hops')).toBe('p');
    expect(await kind('spans')).toBe('p');
    expect(await kind('runs')).toBe('p');
    expect(await snapshot()).toEqual(before);
    // Each row in its month's partition; the far ones in the default partition.
    const misplaced = await db.query(
      `select tableoid::regclass::text as p, occurred_at from hops
        where tableoid::regclass::text <> 'hops_p' || to_char(occurred_at at time zone 'UTC', 'YYYYMM')`,
    );
    expect(misplaced.rows.map((r: { p: string }) => r.p).sort()).toEqual(['hops_default', 'hops_default']);
    const runParts = await db.query<{ run_id: string; status: string; p: string }>(
      `select run_id, status, tableoid::regclass::text as p, run_at = coalesce(case when status = 'started' then started_at end, finished_at) as own_time
         from runs order by id`,
    );
    expect(runParts.rows.find((r) => r.run_id === 'run-2')).toMatchObject({ p: 'runs_default' });
    expect(runParts.rows.filter((r) => r.run_id !== 'run-2').every((r) => (r as unknown as { own_time: boolean }).own_time)).toBe(true);

    // Ids go on after the last one handed out; a retry (same record, same time) is still a duplicate.
    const next = await db.query<{ id: string }>(
      `insert into hops (source, source_id, flow_id, record_key, system, stage, status, occurred_at)
       values ('event', 'new', 'flow-0', 'rk-new', 'erp', 'posted', 'ok', now()) returning id::text as id`,
    );
    expect(Number(next.rows[0]!.id)).toBe(burnt + 1);
    const again = await db.query(
      `insert into hops (source, source_id, flow_id, record_key, system, stage, status, occurred_at)
       select source, source_id, flow_id, record_key, system, stage, status, occurred_at from hops where source_id in ('e1', 'old', 'far')
       on conflict on constraint hops_source_key do nothing returning id`,
    );
    expect(again.rowCount).toBe(0);
    const spanAgain = await db.query(
      `insert into spans (trace_id, span_id, name, start_time, end_time) select trace_id, span_id, name, start_time, end_time from spans limit 5
       on conflict on constraint spans_pkey do nothing returning 1`,
    );
    expect(spanAgain.rowCount).toBe(0);
    const runAgain = await db.query(
      `insert into runs (flow_id, run_id, status, started_at, finished_at, run_at) select flow_id, run_id, status, started_at, finished_at, run_at from runs
       on conflict on constraint runs_flow_run_status_key do nothing returning 1`,
    );
    expect(runAgain.rowCount).toBe(0);
    await db.query(`delete from hops where source_id = 'new'`);
    // The contract keys of what was stored, whatever the time (migration IdempotencyKeys1765000028000).
    const keys = await db.query<{ events: number; distinctEvents: number; runs: number; distinctRuns: number }>(
      `select (select count(*)::int from event_keys) as events,
              (select count(distinct (flow_id, source_id))::int from hops where source = 'event') as "distinctEvents",
              (select count(*)::int from run_keys) as runs,
              (select count(distinct (flow_id, run_id, status))::int from runs) as "distinctRuns"`,
    );
    expect(keys.rows[0]!.events).toBe(keys.rows[0]!.distinctEvents);
    expect(keys.rows[0]!.events).toBeGreaterThan(0);
    expect(keys.rows[0]!.runs).toBe(keys.rows[0]!.distinctRuns);

    // The down migration (after those of any later ones) gives the plain tables back, every row with it.
    const ds = new DataSource({ ...dataSourceOptions(withDatabase(adminUrl, name), 2) });
    await ds.initialize();
    for (let i = 0; i < ran.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    await ds.destroy();
    expect(await kind('hops')).toBe('r');
    expect(await snapshot()).toEqual(before);
  });
});
