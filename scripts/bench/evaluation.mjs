#!/usr/bin/env node
// Sync-health evaluation benchmark (npm run build first; docs/benchmarks.md, "Evaluation").
//
// 1. PostgreSQL: DATABASE_URL if set, else the local server at 127.0.0.1:5432 in a fresh bench
//    database (dropped at the end), else the benchmark is skipped with a message.
// 2. Migrates it and builds the real application in this process from the built api
//    (apps/api/dist), schedulers off, listening on a loopback port.
// 3. Fills it with set-based SQL: 22 flows, 1,000,000 hops (450k records emitted and posted or
//    failed over the last 24 hours, 100k records emitted in the last 61 minutes and still in
//    flight), hourly runs for two batch flows, per-minute ingest counters.
// 4. Catches the evaluator up (ticks until both streams are read and the outbox is empty), then
//    measures steady-state ticks: each after 10,000 new hops arrive (5,000 postings of in-flight
//    records and 5,000 new records), and one tick with nothing new.
// 5. Measures the flow health endpoints over HTTP (median of several calls).
// 6. Prints the results and writes them into docs/benchmarks.md (BENCH_WRITE_DOCS=false to skip).
//
// Settings (environment): BENCH_ROUNDS (3), BENCH_HTTP_CALLS (7), BENCH_WRITE_DOCS (true);
// BENCH_DATABASE=embedded, which the other benchmarks take, skips this one (no embedded server here).
import { createInProcessApp } from './support/in-process-app.mjs';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { databaseUrlFromEnv, freshLocalDatabase } from './support/postgres.mjs';
import { fmt, resultHeader, writeDocsEnabled, writeDocsSection } from './support/report.mjs';
import { apiDist, logger, require, withCleanups } from './support/run.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HTTP_CALLS = Number(process.env.BENCH_HTTP_CALLS ?? 7);
const WRITE_DOCS = writeDocsEnabled();

const EVENT_FLOWS = 20;
const POSTED_RECORDS = 450_000;
const IN_FLIGHT_RECORDS = 100_000;
const NEW_HOPS = 10_000;
const MAX_LAG_SECONDS = 3600;

const log = logger('evaluation');

async function main() {
  if (!existsSync(join(apiDist, 'app.factory.js'))) throw new Error('apps/api/dist is missing: run npm run build first');
  const pg = require('pg');
  await withCleanups(async (cleanups) => {
    const db = await benchDatabase(pg, cleanups);
    if (!db) {
      log('skipped: no DATABASE_URL and no PostgreSQL at 127.0.0.1:5432 that lets this user create a database');
      return;
    }
    log(`database: ${db.kind}`);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    cleanups.push(() => client.end());
    const pgVersion = (await client.query('show server_version')).rows[0].server_version;

    require('reflect-metadata');
    const { runMigrations } = require(join(apiDist, 'database', 'run-migrations.js'));
    await runMigrations(db.url);

    const fill = await timed(() => fillDatabase(client));
    log(`filled in ${fmt(fill.seconds, 1)} s: ${fmt(fill.value.hops)} hops, ${fmt(fill.value.runs)} run reports`);

    const { SyncEvaluatorService } = require(join(apiDist, 'sync-health', 'sync-evaluator.service.js'));
    const { UsersService } = require(join(apiDist, 'auth', 'users.service.js'));
    const { app, config } = await createInProcessApp(db.url, { CLOSEWATCH_DATA_DIR: '/tmp/closewatch-bench-evaluation' });
    cleanups.push(() => app.close());
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    const evaluator = app.get(SyncEvaluatorService);

    // Catch up: the first evaluation reads the whole history (bounded batches, several ticks).
    const catchUp = await timed(async () => {
      let ticks = 0;
      let hops = 0;
      let delivered = 0;
      for (;;) {
        const r = await evaluator.tick();
        ticks++;
        hops += r.hops;
        delivered += r.delivered;
        const outbox = Number((await client.query('select count(*) from sync_findings_outbox')).rows[0].count);
        if (r.caughtUp && outbox === 0) return { ticks, hops, delivered };
      }
    });
    log(
      `catch-up: ${fmt(catchUp.value.hops)} hops in ${catchUp.value.ticks} ticks, ${fmt(catchUp.seconds, 1)} s (${fmt(catchUp.value.hops / catchUp.seconds)} hops/s), ${fmt(catchUp.value.delivered)} findings and signals to the intake`,
    );
    await client.query('analyze');

    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      await addNewHops(client, i);
      const t0 = process.hrtime.bigint();
      const r = await evaluator.tick();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      rounds.push({ ms, ...r });
      log(
        `tick after ${fmt(NEW_HOPS)} new hops: ${fmt(ms, 1)} ms (${r.hops} hops, ${r.findings} findings, ${r.resolves} resolve signals, ${r.delivered} to the intake; ${phases(r.phasesMs)})`,
      );
    }
    const idle = await (async () => {
      const t0 = process.hrtime.bigint();
      const r = await evaluator.tick();
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ...r };
    })();
    log(`tick with nothing new: ${fmt(idle.ms, 1)} ms (${phases(idle.phasesMs)})`);

    // The health endpoints, over HTTP, as a signed-in user.
    const password = randomBytes(12).toString('base64url');
    await app.get(UsersService).create({ email: 'bench@bench.local', name: 'bench', role: 'viewer', password });
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@bench.local', password }),
    });
    const token = (await login.json()).accessToken;
    const endpoints = [
      ['list: every flow (22)', '/api/v1/flow-health?limit=100'],
      ['one flow, in detail, split by data status', '/api/v1/flows/bench-flow-00/health'],
      ['lag series (60 steps)', '/api/v1/flows/bench-flow-00/lag-series'],
      ['in flight, first page of 50', '/api/v1/flows/bench-flow-00/in-flight'],
    ];
    const http = [];
    for (const [name, path] of endpoints) {
      const times = [];
      let bytes = 0;
      for (let i = 0; i < HTTP_CALLS; i++) {
        const t0 = process.hrtime.bigint();
        const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
        bytes = body.length;
      }
      http.push({ name, path, medianMs: median(times), maxMs: Math.max(...times), bytes });
      log(`${path}: median ${fmt(median(times), 1)} ms`);
    }

    const rows = (
      await client.query(`select (select count(*) from hops)::int as hops,
                                 (select count(*) from record_sync)::int as records,
                                 (select count(*) from record_sync where first_emitted_at is not null and first_posted_at is null and last_status = 'ok')::int as in_flight,
                                 (select count(*) from record_sync where flow_id = 'bench-flow-00' and first_posted_at >= now() - interval '1 hour')::int as posted_hour_flow0,
                                 (select count(*) from sync_flow_minutes)::int as minute_rows`)
    ).rows[0];

    const result = {
      ...resultHeader('npm run build && node scripts/bench/evaluation.mjs'),
      postgres: pgVersion,
      database: db.kind,
      batchSize: config.evaluationBatchSize,
      fillSeconds: fill.seconds,
      catchUp: { ...catchUp.value, seconds: catchUp.seconds },
      rounds,
      idle,
      http,
      rows,
      loadAverage: loadavg(),
    };
    printResult(result);
    if (WRITE_DOCS) writeDocs(result);
  });
}

/** The bench data, set-based: flows, 1M hops, runs and ingest counters. */
async function fillDatabase(c) {
  await c.query(`insert into systems (id, name, kind) values ('bench-src', 'Bench source', 'erp'), ('bench-tgt', 'Bench target', 'erp')`);
  await c.query(
    `insert into flows (id, name, source_system, target_system, pattern, workflow, max_lag_seconds)
     select 'bench-flow-' || lpad(g::text, 2, '0'), 'Bench flow ' || g, 'bench-src', 'bench-tgt', 'event', 'procure_to_pay', $1
       from generate_series(0, $2 - 1) g`,
    [MAX_LAG_SECONDS, EVENT_FLOWS],
  );
  await c.query(
    `insert into flows (id, name, source_system, target_system, pattern, workflow, max_lag_seconds, schedule_cron, grace_seconds, entities, created_at)
     select 'bench-batch-' || g, 'Bench batch ' || g, 'bench-src', 'bench-tgt', 'batch', 'record_to_report', 3600, '0 * * * *', 600,
            array['US01', 'DE01'], now() - interval '2 days'
       from generate_series(0, 1) g`,
  );
  // Posted (or failed, one in 200) records over the last 24 hours: emitted, then posted 5 to 304 s later.
  await c.query(
    `insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, entity, period,
                       data_status, error_class, error_message)
     select 'event', 'bench-' || g || '-' || s.stage, 'bench-flow-' || lpad((g % $2)::text, 2, '0'), 'R-' || g, 'invoice',
            case when s.stage = 'emitted' then 'bench-src' else 'bench-tgt' end, s.stage,
            case when s.stage = 'failed' then 'error' else 'ok' end,
            now() - interval '24 hours' + g * (interval '85800 seconds' / $1::int) + case when s.stage = 'emitted' then interval '0' else (g % 300 + 5) * interval '1 second' end,
            ((g % 100000) + 1) / 100.0, case when g % 3 = 0 then 'EUR' else 'USD' end, 'E' || (g % 5), '2026-11',
            case when g % 4 = 0 then 'preliminary' else 'posted' end,
            case when s.stage = 'failed' then 'transient' end, case when s.stage = 'failed' then 'target unavailable' end
       from generate_series(1, $1::int) g
       cross join lateral (values ('emitted'), (case when g % 200 = 0 then 'failed' else 'posted' end)) as s(stage)`,
    [POSTED_RECORDS, EVENT_FLOWS],
  );
  // Still in flight: emitted over the last 61 minutes, so that with an SLO of one hour some are past
  // it when filled and more cross it while the benchmark runs (about 27 a second).
  await c.query(
    `insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, entity, period, data_status)
     select 'event', 'bench-open-' || g, 'bench-flow-' || lpad((g % $2)::text, 2, '0'), 'OPEN-' || g, 'invoice', 'bench-src', 'emitted', 'ok',
            now() - interval '61 minutes' + g * (interval '3660 seconds' / $1::int), ((g % 100000) + 1) / 100.0,
            case when g % 3 = 0 then 'EUR' else 'USD' end, 'E' || (g % 5), '2026-11', case when g % 4 = 0 then 'preliminary' else 'posted' end
       from generate_series(1, $1::int) g`,
    [IN_FLIGHT_RECORDS, EVENT_FLOWS],
  );
  // Hourly runs of the batch flows per entity; one in ten failed.
  await c.query(
    `insert into runs (flow_id, run_id, status, started_at, finished_at, rows_read, entity, period, run_at)
     select f, f || '-' || e || '-' || h, s.status, date_trunc('hour', now()) - h * interval '1 hour' + interval '2 minutes',
            case when s.status = 'started' then null else date_trunc('hour', now()) - h * interval '1 hour' + interval '7 minutes' end, 1000, e, '2026-11',
            -- run_at, the partition key: the report's own time (apps/api/src/ingest/run-writer.ts)
            date_trunc('hour', now()) - h * interval '1 hour' + case when s.status = 'started' then interval '2 minutes' else interval '7 minutes' end
       from unnest(array['bench-batch-0', 'bench-batch-1']) f, unnest(array['US01', 'DE01']) e, generate_series(1, 24) h,
            lateral (values ('started'), (case when h % 10 = 0 then 'failed' else 'succeeded' end)) as s(status)`,
  );
  await c.query(
    `insert into ingest_counters (flow_id, bucket, hops, errors, duplicates)
     select flow_id, date_trunc('minute', occurred_at), count(*), count(*) filter (where status = 'error'), count(*) / 50
       from hops group by 1, 2`,
  );
  await c.query('analyze');
  const hops = Number((await c.query('select count(*) from hops')).rows[0].count);
  const runs = Number((await c.query('select count(*) from runs')).rows[0].count);
  return { hops, runs };
}

/** 10,000 new hops: postings of 5,000 in-flight records (spread over them, others each round) and 5,000 new records. */
async function addNewHops(c, round) {
  const half = NEW_HOPS / 2;
  await c.query(
    `insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, data_status)
     select 'event', 'bench-r' || $3::int || '-post-' || g, 'bench-flow-' || lpad((k % $2)::text, 2, '0'), 'OPEN-' || k, 'invoice', 'bench-tgt', 'posted', 'ok',
            now() - interval '1 second', ((k % 100000) + 1) / 100.0, case when k % 3 = 0 then 'EUR' else 'USD' end,
            case when k % 4 = 0 then 'preliminary' else 'posted' end
       from generate_series(1, $1::int) g, lateral (select ((g + $3::int * $1::int) * 19) % ${IN_FLIGHT_RECORDS} + 1 as k) kk`,
    [half, EVENT_FLOWS, round],
  );
  await c.query(
    `insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, data_status)
     select 'event', 'bench-r' || $3::int || '-new-' || g, 'bench-flow-' || lpad((g % $2)::text, 2, '0'), 'NEW-' || $3::int || '-' || g, 'invoice', 'bench-src',
            'emitted', 'ok', now() - interval '2 seconds', ((g % 100000) + 1) / 100.0, 'USD', 'posted'
       from generate_series(1, $1::int) g`,
    [half, EVENT_FLOWS, round],
  );
}

/** DATABASE_URL, else a fresh database on the local server (dropped at the end), else null: skipped. */
async function benchDatabase(pg, cleanups) {
  const url = databaseUrlFromEnv();
  if (url) return { url, kind: 'DATABASE_URL' };
  const local = await freshLocalDatabase(pg, 'closewatch_bench_eval_', cleanups);
  return local ? { url: local, kind: 'local 127.0.0.1:5432, fresh database' } : null;
}

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function phases(p) {
  return Object.entries(p)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(', ');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function printResult(r) {
  process.stdout.write(`\n${JSON.stringify(r, null, 2)}\n`);
}

function writeDocs(r) {
  const steady = r.rounds.map((x) => x.ms);
  writeDocsSection('evaluation', [
    '## Evaluation',
    '',
    'What it measures: the sync-health evaluator (apps/api/src/sync-health) on a database holding',
    `${fmt(r.rows.hops - r.rounds.length * NEW_HOPS)} hops before the rounds (${fmt(POSTED_RECORDS)} records emitted and posted or failed over 24 hours, ${fmt(IN_FLIGHT_RECORDS)}`,
    `records in flight, ${EVENT_FLOWS} event flows and 2 hourly batch flows with runs), after it caught up with that history:`,
    `one tick after ${fmt(NEW_HOPS)} new hops arrive (half of them postings of in-flight records, half new records),`,
    'which is the steady-state cost per tick, and the flow health endpoints over HTTP. The application is the',
    'built api, in the benchmark process, schedulers off; a tick includes handing findings to the exception',
    'intake and computing the flow statuses for `flows.health`.',
    '',
    `Command: \`${r.command}\` (settings: BENCH_ROUNDS=${r.rounds.length}, BENCH_HTTP_CALLS=${HTTP_CALLS}; evaluation batch ${fmt(r.batchSize)} hops).`,
    '',
    '| | |',
    '| --- | --- |',
    `| date | ${r.date} |`,
    `| machine | ${r.machine.nproc} CPUs (\`nproc\`), ${r.machine.cpuModel}, ${fmt(r.machine.memoryGiB, 1)} GiB memory, ${r.machine.platform} |`,
    `| software | Node ${r.node}, PostgreSQL ${r.postgres} (${r.database}) |`,
    `| fill (set-based SQL) | ${fmt(r.fillSeconds, 1)} s |`,
    `| catch-up over the history | ${fmt(r.catchUp.hops)} hops in ${r.catchUp.ticks} ticks, ${fmt(r.catchUp.seconds, 1)} s (${fmt(r.catchUp.hops / r.catchUp.seconds)} hops/s), ${fmt(r.catchUp.delivered)} findings and signals handed to the intake |`,
    `| **tick after ${fmt(NEW_HOPS)} new hops** | **median ${fmt(median(steady), 0)} ms** (${steady.map((x) => `${fmt(x, 0)} ms`).join(', ')}) |`,
    ...r.rounds.map(
      (x, i) =>
        `| round ${i + 1} | ${fmt(x.ms, 0)} ms: ${fmt(x.hops)} hops read, ${fmt(x.findings)} findings and ${fmt(x.resolves)} resolve signals queued, ${fmt(x.delivered)} handed to the intake; ${phases(x.phasesMs)} |`,
    ),
    `| tick with nothing new | ${fmt(r.idle.ms, 1)} ms (${phases(r.idle.phasesMs)}) |`,
    ...r.http.map((h) => `| \`GET ${h.path}\` | median ${fmt(h.medianMs, 1)} ms, max ${fmt(h.maxMs, 1)} ms, ${fmt(h.bytes)} bytes (${h.name}) |`),
    `| rows | ${fmt(r.rows.records)} in record_sync, ${fmt(r.rows.in_flight)} in flight, ${fmt(r.rows.posted_hour_flow0)} posted in the last hour on bench-flow-00 (its lag percentiles), ${fmt(r.rows.minute_rows)} per-minute counts |`,
    `| machine load | load average ${r.loadAverage.map((l) => fmt(l, 2)).join(' ')} at the end of the run (other work on the machine shares its CPUs) |`,
    '',
    'Reading it: a tick reads only the hops after its watermark (one bounded batch per transaction, merged',
    'into record_sync with one INSERT ... ON CONFLICT per batch: the `hops` phase, most of it the upsert of',
    'record_sync and its indexes), finds the records that crossed their SLO since the last tick through a',
    'partial index of unreported in-flight records, and checks only expected run slots that came due',
    '(`scans`); so its cost follows what arrived, not the size of the history. The findings of each round',
    'are in-flight records of the fill crossing their one-hour SLO while the benchmark runs; the resolve',
    'signals are postings of records whose delay had been reported; both go to the exception intake',
    '(`intake`). `statuses` is the health of every flow over the default window, computed each tick for the',
    'live `flows.health` event: the same work as the list endpoint. The health list counts every in-flight',
    'record (index-only, per flow, from a covering partial index) and sorts the postings of the window by',
    'lag for the exact percentiles (the posted index); a tick with nothing new is mostly that.',
  ]);
  log(`wrote the Evaluation section of docs/benchmarks.md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
