#!/usr/bin/env node
// Reconciliation benchmark (npm run bench:recon; docs/benchmarks.md, "Reconciliation").
//
// 1. PostgreSQL: DATABASE_URL if set, else the local server at 127.0.0.1:5432, else an embedded
//    PostgreSQL (the built apps/api/dist/database/embedded-postgres.js). Four fresh databases on
//    it: Closewatch's, a source, a target, and one holding both tables for the baseline.
// 2. N keyed invoice records in the source and the same in the target with 0.1 % breaks (one in
//    5,000 records each: missing, amount off, status differs, posted twice, plus one unexpected),
//    spread over the key range; and a second target with as many breaks clustered in the last
//    1 % of the keys (recent records), where checksum-and-bisect applies.
// 3. Starts the built API (apps/api/dist/main.js) with a reconciliation worker, creates the flow,
//    two connections and the definitions through the API, runs them through the real connectors
//    (COPY … TO STDOUT in read-only transactions, ordered by the key) and the engine, polling the
//    run until it finishes;
//    the API's RSS is sampled every 100 ms. Runs: streaming sort-merge, twice (the first raises
//    the breaks as new exceptions, the second finds them again: they recur); checksum-and-bisect
//    on the spread breaks (not with --large: it reads everything several times) and on the
//    clustered ones.
// 4. Baseline, same run and same server: a FULL OUTER JOIN of the same data inside one database
//    computing the same counts, twice. The ratio is the faster streaming run against the faster
//    join.
// 5. Prints the results and writes them into docs/benchmarks.md (section "Reconciliation").
//
// Flags: --large (10,000,000 per side instead of 1,000,000), --rows=N, --no-bisect, --bisect-spread,
// --no-docs, --unindexed (instead of all the above: keys without a "C" index, recon-unindexed.mjs). Environment: BENCH_API_NODE_ARGS (extra node flags for the API), BENCH_API_LOG_LEVEL
// (show the API's logs at this level, e.g. info: each run logs its compare and exception times),
// BENCH_WRITE_DOCS=false (as --no-docs), BENCH_DATABASE=embedded (use the embedded PostgreSQL even
// when another server is reachable).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { stopApi } from './support/api.mjs';
import { benchUnindexedKeys } from './recon-unindexed.mjs';
import { INVOICE_RECON } from './support/invoice-recon.mjs';
import { checkCounts, expectedCounts, FATE_EVERY } from './support/recon-fates.mjs';
import { machine, rssOf } from './support/machine.mjs';
import { apiClient, benchServer, createBenchFlow, login, measureRun, startReconApi } from './support/recon-api.mjs';
import { fmt, writeDocsEnabled, writeDocsSection } from './support/report.mjs';
import { apiDist, assertApiBuilt, freePort, logger, require, root, withCleanups } from './support/run.mjs';
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? 'true']),
);
const LARGE = args.large === 'true';
const ROWS = Number(args.rows ?? (LARGE ? 10_000_000 : 1_000_000));
const BISECT = args['no-bisect'] !== 'true';
const BISECT_SPREAD = BISECT && (args['bisect-spread'] === 'true' || (!LARGE && args['bisect-spread'] !== 'false'));
const WRITE_DOCS = args['no-docs'] !== 'true' && writeDocsEnabled();
const FLOW = 'bench-invoices';

const log = logger('recon');

async function main() {
  assertApiBuilt();
  if (args.unindexed === 'true') {
    const command = `npm run bench:recon -- --unindexed${args.rows ? ` --rows=${ROWS}` : ''}`;
    return withCleanups((cleanups) => benchUnindexedKeys({ rows: ROWS, writeDocs: WRITE_DOCS, command }, cleanups));
  }
  const pg = require('pg');
  await withCleanups(async (cleanups) => {
    const startMachine = { ...machine(), loadAverage: loadavg() };
    const server = await benchServer(pg, cleanups, log);
    log(`database server: ${server.kind}`);
    const suffix = Date.now().toString(36);
    const db = {};
    for (const role of ['api', 'src', 'tgt', 'join']) db[role] = await server.createDatabase(`closewatch_bench_${role}_${suffix}`);

    log(`generating ${fmt(ROWS)} source and target records (0.1 % breaks)`);
    const genStarted = performance.now();
    await Promise.all([
      generate(pg, db.src.url, { source: true }),
      generate(pg, db.tgt.url, { target: true }),
      generate(pg, db.join.url, { source: true, target: true }),
    ]);
    log(`generated in ${fmt((performance.now() - genStarted) / 1000, 1)} s`);
    const expected = expectedCounts(ROWS);

    const sql = new pg.Client({ connectionString: db.join.url });
    await sql.connect();
    cleanups.push(() => sql.end());
    const pgVersion = (await sql.query('show server_version')).rows[0].server_version;
    const workMem = (await sql.query('show work_mem')).rows[0].work_mem;
    const join1 = await fullOuterJoin(sql);
    const join2 = await fullOuterJoin(sql);
    const baseline = join1.seconds <= join2.seconds ? join1 : join2;
    log(`FULL OUTER JOIN: ${fmt(baseline.seconds, 2)} s (runs: ${fmt(join1.seconds, 2)} s, ${fmt(join2.seconds, 2)} s)`);
    checkCounts('FULL OUTER JOIN', baseline.counts, expected, { duplicatesAsRows: true });
    const read = await readAlone(db, 'copy');
    log(`reading both sides alone through the connector (COPY): ${fmt(read.seconds, 2)} s`);
    const readCursor = await readAlone(db, 'cursor');
    log(`reading both sides alone through cursors (the fallback): ${fmt(readCursor.seconds, 2)} s`);

    const password = randomBytes(12).toString('base64url');
    const secretKey = randomBytes(32).toString('base64');
    const port = await freePort();
    const api = await startReconApi(db.api.url, port, { password, secretKey }, cleanups);
    const url = `http://127.0.0.1:${port}`;
    log(`API pid ${api.pid} at ${url}`);
    const token = await login(url, password);
    const call = apiClient(url, token);
    await setUp(call, db);

    const idleRssMiB = rssOf(api.pid) / 1024 / 1024;
    const results = [];
    // The streaming run twice, as the join: the first raises the breaks as new exceptions, the
    // second finds the same breaks (their exceptions recur), as a daily reconciliation does. Then,
    // for reference, the second run again on one thread: the API started again with
    // CLOSEWATCH_RECON_THREADS=1 (it runs the bisect runs too, which read in one thread anyway).
    const single = 'for reference: the second run again on one thread (CLOSEWATCH_RECON_THREADS=1: each side read whole)';
    const runs = [
      { mode: 'merge', id: 'bench-merge', label: 'streaming sort-merge (postgres COPY → engine) in key ranges, first run: breaks raised as new exceptions' },
      { mode: 'merge', id: 'bench-merge', label: 'streaming sort-merge in key ranges, second run: the same breaks, their exceptions recur' },
      ...(apiThreads() > 1 ? [{ mode: 'merge-single', id: 'bench-merge', label: single }] : []),
      ...(BISECT_SPREAD ? [{ mode: 'bisect', id: 'bench-bisect', label: 'checksum-and-bisect, breaks spread over the keys' }] : []),
      ...(BISECT ? [{ mode: 'bisect', id: 'bench-bisect-clustered', label: 'checksum-and-bisect, breaks clustered in the last 1 % of keys' }] : []),
    ];
    let current = { api, call };
    for (const { mode, id, label } of runs) {
      if (mode === 'merge-single') {
        await stopApi(current.api);
        const restarted = await startReconApi(db.api.url, port, { password, secretKey, env: { CLOSEWATCH_RECON_THREADS: '1' } }, cleanups);
        current = { api: restarted, call: apiClient(url, await login(url, password)) };
      }
      log(`reconciling: ${label}`);
      const r = await measureRun(current.call, current.api.pid, id);
      checkCounts(`${id} run`, r.run.summary.breaks, expected);
      if (r.run.summary.matched !== expected.matched) throw new Error(`${id} run matched ${r.run.summary.matched}, expected ${expected.matched}`);
      if (mode !== 'bisect' && (r.run.keyRanges === null) !== (mode === 'merge-single' || apiThreads() === 1))
        throw new Error(`${id} run: key ranges ${JSON.stringify(r.run.keyRanges)} unexpected`);
      results.push({ mode, id, label, ...r });
      log(`${id}: ${fmt(r.seconds, 2)} s, ${fmt(r.rowsPerSecond)} rows/s, peak RSS ${fmt(r.peakRssMiB)} MiB`);
    }

    const result = {
      date: new Date().toISOString(),
      command: `npm run bench:recon${LARGE ? ' -- --large' : ''}`,
      rows: ROWS,
      machine: startMachine,
      node: process.version,
      postgres: pgVersion,
      workMem,
      database: server.kind,
      baseline,
      read,
      readCursor,
      idleRssMiB,
      results,
      expected,
    };
    printResult(result);
    if (WRITE_DOCS) writeDocs(result);
  });
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/**
 * Record g (1..N) of the source; the target has it unless g % 5000 is 0 (missing), with the
 * amount off by 5.00 when it is 1, another status when 2, twice when 3, and followed by a record
 * the source does not have when 4. Keys and texts are COLLATE "C" with an index on the key, as a
 * reconciled table should have.
 */
async function generate(pg, url, { source, target }) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const common = `'INV-' || lpad(g::text, 10, '0') as k, (array['US01', 'DE01', 'UK01'])[1 + g % 3] as entity,
      (((g::bigint * 7919) % 1000000)::numeric / 100 + 1)::numeric(14, 2) as amount, (array['USD', 'EUR', 'GBP', 'JPY'])[1 + g % 4] as currency,
      date '2026-11-01' + (g % 28) as d, g % ${FATE_EVERY} as fate`;
    if (source) {
      await c.query(`create table invoices (inv_no text collate "C" not null, entity text collate "C" not null, amount numeric(14, 2) not null,
                       currency text not null, inv_date date not null, status text not null)`);
      await c.query(`insert into invoices select k, entity, amount, currency, d, 'approved' from (select ${common} from generate_series(1, ${ROWS}) g) s`);
      await c.query(`alter table invoices add constraint invoices_pkey primary key (inv_no, entity)`);
      await c.query('vacuum analyze invoices');
    }
    if (target) {
      await c.query(`create table ap_postings (doc_ref text collate "C" not null, entity text collate "C" not null, amt numeric(14, 2) not null,
                       cur text not null, gl_date timestamptz not null, state text not null)`);
      await fillTarget(c, 'ap_postings', common, `(d + time '08:00') at time zone 'UTC'`);
    }
    if (target && !source) {
      // The same number of breaks, in the last 1 % of the keys: fate g % 50 (0 to 4) there, none elsewhere.
      const clustered = common.replace(`g % ${FATE_EVERY} as fate`, `case when g > ${ROWS - ROWS / 100} then g % 50 else -1 end as fate`);
      await c.query(`create table ap_postings_clustered (like ap_postings)`);
      // Posted on the invoice date itself here: rows that agree are equal field by field (bisect digests exact values).
      await fillTarget(c, 'ap_postings_clustered', clustered, `d::timestamp at time zone 'UTC'`);
    }
  } finally {
    await c.end();
  }
}

/**
 * The target rows of the records `records` (a select list of k, entity, amount, currency, d and
 * fate over g) into `table`, those that agree posted at `postedAt`; then the key index.
 */
async function fillTarget(c, table, records, postedAt) {
  const from = `from (select ${records} from generate_series(1, ${ROWS}) g) s`;
  await c.query(`insert into ${table}
    select k, entity, case when fate = 1 then amount + 5 else amount end, currency, ${postedAt},
           case when fate = 2 then 'rejected' else 'approved' end
      ${from} where fate <> 0
    union all
    select k, entity, amount, currency, (d + time '08:05') at time zone 'UTC', 'approved' ${from} where fate = 3
    union all
    select k || 'X', entity, 1.00, 'USD', (d + time '09:00') at time zone 'UTC', 'approved' ${from} where fate = 4`);
  await c.query(`create index ${table}_key_idx on ${table} (doc_ref, entity)`);
  await c.query(`vacuum analyze ${table}`);
}

/** The baseline: one FULL OUTER JOIN inside PostgreSQL computing the same counts (a duplicate is two joined rows there). */
async function fullOuterJoin(c) {
  const started = performance.now();
  const { rows } = await c.query(`
    select count(*) filter (where t.doc_ref is null) as missing_in_target,
           count(*) filter (where s.inv_no is null) as unexpected_in_target,
           count(*) filter (where s.inv_no is not null and t.doc_ref is not null and abs(t.amt - s.amount) > 0.01) as amount_mismatch,
           count(*) filter (where s.inv_no is not null and t.doc_ref is not null and abs(t.amt - s.amount) <= 0.01
                              and (t.cur <> s.currency or t.state <> s.status or abs(extract(epoch from t.gl_date - s.inv_date::timestamptz)) > 3 * 86400)) as field_mismatch,
           count(*) filter (where s.inv_no is not null and t.doc_ref is not null) as joined,
           sum(s.amount) as source_amount, sum(t.amt) as target_amount
      from invoices s full outer join ap_postings t on t.doc_ref = s.inv_no and t.entity = s.entity`);
  return { seconds: (performance.now() - started) / 1000, counts: rows[0] };
}

/**
 * Both sides read at the same time with the same statements, nothing compared: what reading
 * costs on its own. `copy`: the connector's own reader
 * (apps/api/dist/recon/connectors/postgres/connector-postgres.js, COPY … TO STDOUT, rows as
 * arrays of values); `cursor`: the cursor reader it falls back to
 * (apps/api/dist/database/streaming/postgres-cursor.js, DECLARE … FETCH 10,000 at a time, pg's
 * row objects).
 */
async function readAlone(db, how) {
  const { postgresSide, postgresStatement } = require(join(apiDist, 'recon', 'connectors', 'postgres', 'connector-postgres.js'));
  const { cursorRows } = require(join(apiDist, 'database', 'streaming', 'postgres-cursor.js'));
  const { checkQuery } = require(join(apiDist, 'recon', 'connectors', 'postgres', 'read-only-query.js'));
  const { compileRecon } = require(join(root, 'libs', 'recon', 'dist', 'compile.js'));
  const plan = compileRecon({ key: INVOICE_RECON.key });
  const drain = async (url, side, sql) => {
    const query = await checkQuery(sql);
    const rows =
      how === 'copy'
        ? postgresSide({ url, query, scope: {}, plan, side, fetchRows: 10_000, statementTimeoutMs: 3_600_000 }).rows
        : cursorRows({ url, ...postgresStatement({ query, scope: {}, plan, side }), fetchRows: 10_000, statementTimeoutMs: 3_600_000 });
    let n = 0;
    for await (const _row of rows) n++;
    return n;
  };
  const started = performance.now();
  const [source, target] = await Promise.all([
    drain(db.src.url, 'source', 'select inv_no, entity, amount, currency, inv_date, status from invoices'),
    drain(db.tgt.url, 'target', 'select doc_ref, entity, amt, cur, gl_date, state from ap_postings'),
  ]);
  return { seconds: (performance.now() - started) / 1000, rows: source + target };
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

async function setUp(call, db) {
  await createBenchFlow(call, db, FLOW);
  for (const [id, mode, table] of [
    ['bench-merge', 'merge', 'ap_postings'],
    ['bench-bisect', 'bisect', 'ap_postings'],
    ['bench-bisect-clustered', 'bisect', 'ap_postings_clustered'],
  ]) {
    await call(
      'POST',
      '/api/v1/recons',
      {
        id,
        name: `Bench (${id})`,
        flow: FLOW,
        mode,
        source: { connector: 'postgres', connection: 'bench_src', query: 'select inv_no, entity, amount, currency, inv_date, status from invoices' },
        target: { connector: 'postgres', connection: 'bench_tgt', query: `select doc_ref, entity, amt, cur, gl_date, state from ${table}` },
        ...INVOICE_RECON,
      },
      [201],
    );
  }
}

/** The threads the API reconciles in (CLOSEWATCH_RECON_THREADS as the bench is started with, else the default 2). */
function apiThreads() {
  return Number(process.env.CLOSEWATCH_RECON_THREADS ?? 2);
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

/** The faster of the streaming runs (the join's figure is the faster of two runs too), with the peak RSS of both. */
function bestMerge(results) {
  const merges = results.filter((x) => x.mode === 'merge');
  if (!merges.length) return null;
  const best = merges.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, peakRssMiB: Math.max(...merges.map((x) => x.peakRssMiB)) };
}

function printResult(r) {
  const merge = bestMerge(r.results);
  log(`rows per side ${fmt(r.rows)}; FULL OUTER JOIN ${fmt(r.baseline.seconds, 2)} s`);
  for (const x of r.results) {
    log(
      `${x.id}: ${fmt(x.seconds, 2)} s (${fmt(x.seconds / r.baseline.seconds, 2)} × the join), ${fmt(x.rowsPerSecond)} rows/s, peak RSS ${fmt(x.peakRssMiB)} MiB`,
    );
  }
  if (merge) log(`merge / join = ${fmt(merge.seconds / r.baseline.seconds, 2)} (faster of the two streaming runs against the faster of the two joins)`);
}

function writeDocs(r) {
  const rowsFor = (x) =>
    `| ${x.label} | ${fmt(x.rowsRead)} | ${fmt(x.seconds, 2)} | ${fmt(x.rowsPerSecond)} | ${fmt(x.peakRssMiB)} MiB | ${fmt(x.seconds / r.baseline.seconds, 2)} × |`;
  const merge = bestMerge(r.results);
  const single = r.results.find((x) => x.mode === 'merge-single');
  const spread = r.results.find((x) => x.id === 'bench-bisect');
  const clustered = r.results.find((x) => x.id === 'bench-bisect-clustered');
  const bisectLine = (x, what) =>
    `${what}: ${fmt(x.run.bisect.checksums)} checksums, ${fmt(x.run.bisect.equalSegments)} segments (${fmt(x.run.bisect.equalRows)} rows) confirmed equal without moving them, ${fmt(x.run.bisect.transferred.source + x.run.bisect.transferred.target)} rows transferred, ${fmt(x.seconds, 2)} s.`;
  const target = LARGE ? 'under 30 s' : 'within 2.5 × the join';
  const met = merge ? (LARGE ? merge.seconds < 30 : merge.seconds <= 2.5 * r.baseline.seconds) : false;
  const file = writeDocsSection(LARGE ? 'recon-large' : 'recon', [
    `## Reconciliation${LARGE ? ' (large)' : ''}: ${fmt(r.rows)} × ${fmt(r.rows)}`,
    '',
    'What it measures: a reconciliation run of the built API through the real connectors (two',
    'PostgreSQL databases on the same server, each read with `COPY (query ordered by the key) TO',
    'STDOUT` in a read-only transaction) and the engine, with breaks classified, stored and raised as exceptions — from the',
    'moment the worker claims the run to the moment it is recorded as succeeded. 0.1 % of the',
    'records differ (one in 5,000 each: missing, amount off, status differs, posted twice,',
    'unexpected). Key: invoice number + entity; compared: amount (abs 0.01), currency, date',
    '(3 days), status; totals by currency and entity. Peak RSS of the API process, sampled every',
    '100 ms during the run. Baseline in the same run: one `FULL OUTER JOIN` of the same two tables',
    'inside one database computing the same counts. Each is run twice and the faster run counts',
    '(the streaming run: the first raises its breaks as new exceptions, the second finds the same',
    'breaks and their exceptions recur, as a daily reconciliation does; both are in the table).',
    '',
    `Command: \`${r.command}\`. Date: ${r.date}. Machine: ${r.machine.nproc} CPUs, ${r.machine.cpuModel}, ${fmt(r.machine.memoryGiB, 1)} GiB, load average ${r.machine.loadAverage.map((l) => fmt(l, 1)).join(' ')} at the start (shared machine). Node ${r.node}, PostgreSQL ${r.postgres} (${r.database}, work_mem ${r.workMem}).`,
    '',
    'The API, PostgreSQL and the bench share the machine, and on this shared one repeated runs of the same command varied by up to 2× (the join too); compare the ratios of one run rather than seconds across runs.',
    '',
    '| run | rows read | seconds | rows/s | peak RSS | vs join |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.results.map(rowsFor),
    `| baseline: FULL OUTER JOIN in PostgreSQL | ${fmt(2 * r.rows)} | ${fmt(r.baseline.seconds, 2)} | ${fmt((2 * r.rows) / r.baseline.seconds)} | (server) | 1 × |`,
    `| for reference: both sides read through the connector (COPY), nothing compared (bench process) | ${fmt(r.read.rows)} | ${fmt(r.read.seconds, 2)} | ${fmt(r.read.rows / r.read.seconds)} | | ${fmt(r.read.seconds / r.baseline.seconds, 2)} × |`,
    `| for reference: both sides read through cursors (the fallback), nothing compared | ${fmt(r.readCursor.rows)} | ${fmt(r.readCursor.seconds, 2)} | ${fmt(r.readCursor.rows / r.readCursor.seconds)} | | ${fmt(r.readCursor.seconds / r.baseline.seconds, 2)} × |`,
    '',
    `Breaks found (every mode, checked against what was injected): missing_in_target ${fmt(r.expected.missing_in_target)}, unexpected_in_target ${fmt(r.expected.unexpected_in_target)}, amount_mismatch ${fmt(r.expected.amount_mismatch)}, field_mismatch ${fmt(r.expected.field_mismatch)}, duplicate_key ${fmt(r.expected.duplicate_key)}; matched ${fmt(r.expected.matched)}.`,
    '',
    `The API's RSS before the runs was ${fmt(r.idleRssMiB)} MiB (the whole server: Nest, TypeORM, the pools); a run adds what its peak exceeds that by.`,
    '',
    `**Reading it.** The streaming run reads and compares the two sides in ${merge?.run.keyRanges?.length ?? 1} ranges of the first key field at once (CLOSEWATCH_RECON_THREADS; split at quantiles of the source column's pg_stats histogram, every range of a side reading one exported snapshot), each range in a worker thread of the API: cutting COPY's protocol messages and lines (reading alone, one thread: ${fmt(r.read.seconds, 2)} s here, against ${fmt(r.readCursor.seconds, 2)} s through cursors with pg's row parser), keying, comparing and summing every row in the engine (the engine alone: "Engine (no database)" above, about 1 µs per row). The API's main thread stores and classifies the breaks in key order and raises them as exceptions (new ones while the ranges read on, in a transaction committed at the end; recurring ones after the comparison). ${single && merge ? `Against the same run on one thread (each side read whole), the key ranges took ${fmt(merge.seconds / single.seconds, 2)} × the time here. ` : ''}On this 2-core machine the threads and the four COPY streams of the databases share the two cores, which stay busy through the run, so two ranges gain less than 2 ×; PostgreSQL's join runs in C on rows already in its buffers and returns one row. Memory stays flat: per range at most three batches of 1,000 lines per side in flight (the socket is paused beyond) and one row per side in the merge; each worker thread has a heap of its own (the peak RSS above includes them).`,
    '',
    `Target (${target}, peak memory under 512 MB): ${merge ? `${met ? 'met' : 'not met'} for time (${fmt(merge.seconds, 2)} s, the faster streaming run, ${fmt(merge.seconds / r.baseline.seconds, 2)} × the faster join); memory ${merge.peakRssMiB < 512 ? 'met' : 'not met'} (${fmt(merge.peakRssMiB)} MiB, the higher peak of the two runs)` : 'not measured'}.`,
    '',
    ...(spread
      ? [
          bisectLine(spread, 'Bisect, breaks spread (one every 5,000 records)') +
            ' Every level of the bisection reads the whole key range again in both databases (counts, digests and split points of every differing segment), and with a break in nearly every segment nothing is skipped: it costs more than streaming.',
        ]
      : []),
    ...(clustered
      ? [
          bisectLine(
            clustered,
            'Bisect, the same number of breaks in the last 1 % of the keys (and postings dated as their invoices, so agreeing rows are equal field by field)',
          ) +
            ' Only the differing region is cut further and transferred; the rest is confirmed by a few checksums. This is where the mode applies: mostly-equal datasets whose differences are recent or local. Values that differ within a tolerance (a posting 8 hours after its invoice date) digest differently and are settled at the leaves, so data like the first target gains nothing from bisect.',
        ]
      : []),
  ]);
  log(`results written to ${file}`);
}

main().catch((err) => {
  process.stderr.write(`[bench:recon] failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
