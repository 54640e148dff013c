// Reconciliation where no "C" index serves the key (npm run bench:recon -- --unindexed;
// docs/benchmarks.md, "Reconciliation: keys without a "C" index").
//
// 1. Four fresh databases on the bench server (recon-api.mjs benchServer): Closewatch's, a source,
//    a target, and one holding both sides for the baseline.
// 2. N ledger rows `(k text, amount numeric, cur text)` in the source and the same in the target
//    with 0.1 % breaks (one in 5,000 each: missing, amount off, other currency, posted twice, plus
//    one unexpected), in two tables per side in the database's own collation:
//    - `ledger_plain`: keys in random order (md5), no index on k: a view, a join, a table nobody
//      indexed;
//    - `ledger_indexed`: the same rows in key order with an index on k in the database's collation
//      (a table indexed the ordinary way, its rows appended in key order).
// 3. The built API reconciles each twice through the real connectors (as recon.mjs, its RSS
//    sampled every 100 ms); for the indexed one the target's index scans are counted
//    (pg_stat_user_indexes) to show whether the index served.
// 4. Baseline, same run and server: a FULL OUTER JOIN of the same data in one database computing
//    the same counts, twice. Ratios: the faster run of each against the faster join.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { machine } from './support/machine.mjs';
import { checkCounts, expectedCounts, FATE_EVERY } from './support/recon-fates.mjs';
import { apiClient, benchServer, createBenchFlow, login, measureRun, startReconApi } from './support/recon-api.mjs';
import { fmt, writeDocsSection } from './support/report.mjs';
import { freePort, logger, require, sleep } from './support/run.mjs';

const FLOW = 'bench-ledger';
const RECON = {
  key: ['k'],
  compare: [{ field: 'amount', tolerance: { abs: '0.01' } }, 'cur'],
  totals: { amount: 'amount', groupBy: ['cur'] },
};
const VARIANTS = [
  { id: 'bench-unindexed', table: 'ledger_plain', label: 'no index on k, rows in random key order' },
  { id: 'bench-default-index', table: 'ledger_indexed', label: 'k indexed in the database collation, rows in key order' },
];
const log = logger('recon:unindexed');

/** Runs the mode; `rows` per side; writes docs/benchmarks.md (section recon-unindexed) when `writeDocs`. */
export async function benchUnindexedKeys({ rows, writeDocs, command }, cleanups) {
  const pg = require('pg');
  const startMachine = { ...machine(), loadAverage: loadavg() };
  const server = await benchServer(pg, cleanups, log);
  const suffix = Date.now().toString(36);
  const db = {};
  for (const role of ['api', 'src', 'tgt', 'join']) db[role] = await server.createDatabase(`closewatch_bench_${role}_${suffix}`);
  log(`generating ${fmt(rows)} source and target rows (0.1 % breaks) in ${server.kind}`);
  await Promise.all([
    generate(pg, db.src.url, rows, { source: true }),
    generate(pg, db.tgt.url, rows, { target: true }),
    generate(pg, db.join.url, rows, { source: true, target: true }),
  ]);
  const expected = expectedCounts(rows);

  const sql = new pg.Client({ connectionString: db.join.url });
  await sql.connect();
  cleanups.push(() => sql.end());
  const settings = (await sql.query(`select version() as v, current_setting('work_mem') as wm, datcollate from pg_database where datname = current_database()`))
    .rows[0];
  const joins = [await fullOuterJoin(sql), await fullOuterJoin(sql)];
  const baseline = joins.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  checkCounts('FULL OUTER JOIN', baseline.counts, expected, { duplicatesAsRows: true });
  log(`FULL OUTER JOIN: ${joins.map((j) => fmt(j.seconds, 2)).join(' s, ')} s`);

  const password = randomBytes(12).toString('base64url');
  const port = await freePort();
  const api = await startReconApi(db.api.url, port, { password, secretKey: randomBytes(32).toString('base64') }, cleanups);
  const url = `http://127.0.0.1:${port}`;
  const call = apiClient(url, await login(url, password));
  await createBenchFlow(call, db, FLOW);
  for (const v of VARIANTS) {
    await call(
      'POST',
      '/api/v1/recons',
      {
        id: v.id,
        name: `Bench (${v.id})`,
        flow: FLOW,
        mode: 'merge',
        source: { connector: 'postgres', connection: 'bench_src', query: `select k, amount, cur from ${v.table}` },
        target: { connector: 'postgres', connection: 'bench_tgt', query: `select k, amount, cur from ${v.table}` },
        ...RECON,
      },
      [201],
    );
  }

  const target = new pg.Client({ connectionString: db.tgt.url });
  await target.connect();
  cleanups.push(() => target.end());
  const indexScans = async () => {
    await sleep(1500); // the statistics of ended sessions reach pg_stat views within a second
    const r = await target.query(`select coalesce(sum(idx_scan), 0)::int as n from pg_stat_user_indexes where relname = 'ledger_indexed'`);
    return r.rows[0].n;
  };
  const results = [];
  for (const v of VARIANTS) {
    for (const attempt of [1, 2]) {
      const before = await indexScans();
      log(`reconciling ${v.id} (${v.label}), run ${attempt}`);
      const r = await measureRun(call, api.pid, v.id);
      checkCounts(`${v.id} run`, r.run.summary.breaks, expected);
      if (r.run.summary.matched !== expected.matched) throw new Error(`${v.id} matched ${r.run.summary.matched}, expected ${expected.matched}`);
      results.push({ ...v, attempt, ...r, indexScans: (await indexScans()) - before });
      log(`${v.id}: ${fmt(r.seconds, 2)} s (${fmt(r.seconds / baseline.seconds, 2)} × the join), peak RSS ${fmt(r.peakRssMiB)} MiB`);
    }
  }
  const result = { date: new Date().toISOString(), command, rows, machine: startMachine, settings, server: server.kind, joins, baseline, results, expected };
  for (const v of VARIANTS) {
    const best = bestOf(result, v.id);
    log(
      `${v.id}: ${fmt(best.seconds, 2)} s = ${fmt(best.seconds / baseline.seconds, 2)} × the join (${fmt(baseline.seconds, 2)} s), peak RSS ${fmt(best.peakRssMiB)} MiB`,
    );
  }
  if (writeDocs) log(`results written to ${writeDocsSection('recon-unindexed', docLines(result))}`);
}

/** The faster of a variant's two runs, with the higher peak RSS of the two. */
function bestOf(r, id) {
  const runs = r.results.filter((x) => x.id === id);
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, peakRssMiB: Math.max(...runs.map((x) => x.peakRssMiB)) };
}

/**
 * Row g (1..N) of the source; the target has it unless g % 5000 is 0 (missing), with the amount
 * off by 5 when it is 1, another currency when 2, twice when 3, and followed by a row the source
 * does not have when 4. `ledger_plain` in insertion (random key) order without an index;
 * `ledger_indexed` the same rows in key order, indexed on k in the database's collation.
 */
async function generate(pg, url, rows, { source, target }) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const row = `'K-' || md5(g::text) as k, round(((g::bigint * 7919) % 1000000)::numeric / 100 + 1, 2) as amount,
      (array['USD', 'EUR', 'GBP'])[1 + g % 3] as cur, g % ${FATE_EVERY} as fate`;
    const from = `from (select ${row} from generate_series(1, ${rows}) g) s`;
    const tables = [];
    if (source) tables.push(['ledger_plain', `select k, amount, cur ${from}`]);
    if (target) {
      tables.push([
        source ? 'ledger_plain_t' : 'ledger_plain',
        `select k, case when fate = 1 then amount + 5 else amount end, case when fate = 2 then 'JPY' else cur end ${from} where fate <> 0
         union all select k, amount, cur ${from} where fate = 3
         union all select k || 'X', 1.00, 'USD' ${from} where fate = 4`,
      ]);
    }
    for (const [table, select] of tables) {
      await c.query(`create table ${table} (k text, amount numeric, cur text)`);
      await c.query(`insert into ${table} ${select}`);
      await c.query(`vacuum analyze ${table}`);
    }
    if (!source || !target) {
      await c.query(`create table ledger_indexed as select * from ledger_plain order by k`);
      await c.query(`create index ledger_indexed_k on ledger_indexed (k)`);
      await c.query(`vacuum analyze ledger_indexed`);
    }
  } finally {
    await c.end();
  }
}

/** The baseline: one FULL OUTER JOIN of both sides in one database computing the same counts and totals (a duplicate is two joined rows there). */
async function fullOuterJoin(c) {
  const started = performance.now();
  const { rows } = await c.query(`
    select count(*) filter (where t.k is null) as missing_in_target,
           count(*) filter (where s.k is null) as unexpected_in_target,
           count(*) filter (where s.k is not null and t.k is not null and abs(t.amount - s.amount) > 0.01) as amount_mismatch,
           count(*) filter (where s.k is not null and t.k is not null and abs(t.amount - s.amount) <= 0.01 and t.cur <> s.cur) as field_mismatch,
           sum(s.amount) as source_amount, sum(t.amount) as target_amount
      from ledger_plain s full outer join ledger_plain_t t on t.k = s.k`);
  return { seconds: (performance.now() - started) / 1000, counts: rows[0] };
}

function docLines(r) {
  const row = (x) =>
    `| ${x.label}, run ${x.attempt} | ${fmt(x.rowsRead)} | ${fmt(x.seconds, 2)} | ${fmt(x.peakRssMiB)} MiB | ${fmt(x.seconds / r.baseline.seconds, 2)} × | ${x.id === 'bench-default-index' ? fmt(x.indexScans) : ''} |`;
  const summary = VARIANTS.map((v) => {
    const best = bestOf(r, v.id);
    const ratio = best.seconds / r.baseline.seconds;
    return `- ${v.label}: ${fmt(best.seconds, 2)} s, ${fmt(ratio, 2)} × the join (target 2.5 ×: ${ratio <= 2.5 ? 'met' : 'not met'}); peak RSS ${fmt(best.peakRssMiB)} MiB (512 MB cap: ${best.peakRssMiB < 512 ? 'met' : 'not met'}).`;
  });
  return [
    `## Reconciliation: keys without a "C" index, ${fmt(r.rows)} × ${fmt(r.rows)}`,
    '',
    'What it measures: reconciliation runs of the built API, as in "Reconciliation" above, on rows',
    '`(k text, amount numeric, cur text)` in two databases whose key has no index in `COLLATE "C"`:',
    'once without any index (keys in random order: a view, a join, an unindexed table), once with',
    'an index on k in the database collation and the rows in key order. 0.1 % of the rows differ',
    '(one in 5,000 each: missing, amount off, other currency, posted twice, unexpected); compared:',
    'amount (abs 0.01) and currency; totals by currency. Baseline in the same run: a `FULL OUTER',
    'JOIN` of the same rows in one database computing the same counts. Each run twice; the faster',
    'counts, with the higher peak RSS of the two. "index scans": scans of the target index during',
    'the run (pg_stat_user_indexes), so whether the index served. The engine`s choice is described in',
    'docs/recon-engine.md, "Keys without a "C" index".',
    '',
    `Command: \`${r.command}\`. Date: ${r.date}. Machine: ${r.machine.nproc} CPUs, ${r.machine.cpuModel}, ${fmt(r.machine.memoryGiB, 1)} GiB, load average ${r.machine.loadAverage.map((l) => fmt(l, 1)).join(' ')} at the start (shared machine). ${r.settings.v.split(' on ')[0]} (${r.server}, work_mem ${r.settings.wm}, database collation ${r.settings.datcollate}).`,
    '',
    '| run | rows read | seconds | peak RSS | vs join | index scans |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.results.map(row),
    `| baseline: FULL OUTER JOIN in PostgreSQL (runs: ${r.joins.map((j) => fmt(j.seconds, 2)).join(' s, ')} s) | ${fmt(2 * r.rows)} | ${fmt(r.baseline.seconds, 2)} | (server) | 1 × | |`,
    '',
    ...summary,
    '',
    "**Reading it.** Without an index each range's `COPY` has PostgreSQL scan the table and sort",
    'the range (`ORDER BY k COLLATE "C"`): that sort costs about as much CPU as the engine\'s whole',
    'read, and on two CPUs the run is bound by the sum (the options tried against it, measured one',
    'by one, are in docs/recon-engine.md). With k indexed in the database collation (C.UTF-8 here,',
    "code point order) the ranges order by the column's own collation and read through the index",
    '(the index scans above: one per range and one for the null keys), which spares the sort; how',
    'much that shows end to end depends on what else the two CPUs run (the load average above).',
    'In two runs on the quiet machine (2026-12-07 about 19:40 UTC, load average under 2.5; the join',
    '0.91-1.03 s) the default-collation index met the target (faster runs 2.21 × and 2.29 × the',
    'join) and the unindexed keys did not (2.74 × and 3.16 ×); on the same machine loaded by other',
    'builds (load average 10-16, the join itself 2.9-5.1 s) both were 2.9-3.8 ×. Without an index',
    'the sort is the cost: the engine with its API reads the 2,000,200 rows in about 2.1-2.3 s when',
    'an index serves, and PostgreSQL sorting both sides adds about 0.6-0.8 s on the same two CPUs.',
  ];
}
