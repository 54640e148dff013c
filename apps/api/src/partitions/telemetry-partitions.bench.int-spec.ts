import { cpus, totalmem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { signIn, startServer, type ServerProcess, waitReady } from '../../test/support/server-process';
import { createTestDatabase, freePort } from '../../test/support/test-database';
import { addMonths, monthBounds, monthStart, partitionName } from '../database/telemetry-partitions';

const N = Number(process.env.CLOSEWATCH_PARTITIONS_BENCH_HOPS ?? 0);
const LOOKUPS = Number(process.env.CLOSEWATCH_PARTITIONS_BENCH_LOOKUPS ?? 300);
const DAYS = 90;
const FLOWS = 60;
/** Hops per record: emitted, received, transformed, validated, posted. */
const HOPS_PER_RECORD = 5;
const CHUNK = 1_000_000;
const ADMIN = { email: 'bench-admin@test.local', password: 'bench admin password' };

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const p95 = (ms: number[]) =>
  quantile(
    [...ms].sort((a, b) => a - b),
    0.95,
  );
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${quantile(s, 0.5).toFixed(1)} ms, p95 ${quantile(s, 0.95).toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms (${s.length} calls)`;
};

/**
 * Lineage and list reads on partitioned telemetry (docs/benchmarks.md, "Partitioned telemetry"):
 * off unless CLOSEWATCH_PARTITIONS_BENCH_HOPS is set; needs the build. Fills `hops` in
 * PostgreSQL (generate_series, through the partitioned parent: every index and the tuple
 * routing) with that many hops of records spread over 90 days (60 flows, five hops a record),
 * and hourly runs of every flow; then the built server (`node apps/api/dist/main.js`) answers
 * CLOSEWATCH_PARTITIONS_BENCH_LOOKUPS (300) lineage lookups of random existing record keys over
 * HTTP, one at a time, and hop and run lists of random flows. Baselines in the same run: as many
 * `GET /api/v1/auth/me` (the same server and authentication, no telemetry read) and the lineage's
 * hop query straight on PostgreSQL for the same keys. Target: lineage p95 <= 50 ms over HTTP.
 * `CLOSEWATCH_PARTITIONS_BENCH_HOPS=10000000 npx jest apps/api/src/partitions/telemetry-partitions.bench.int-spec.ts --selectProjects int`
 */
(N > 0 ? describe : describe.skip)(`partitioned telemetry with ${N} hops`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;
  let pg: Client;
  const dir = mkdtempSync(join(tmpdir(), 'closewatch-partitions-bench-'));
  const records = Math.ceil(N / HOPS_PER_RECORD);

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const now = new Date();
    // The months of the data; the migration made this one and the ones ahead.
    for (let m = monthStart(new Date(now.getTime() - DAYS * 86_400_000)); m < monthStart(now); m = addMonths(m, 1)) {
      await pg.query(`create table if not exists ${partitionName('hops', m)} partition of hops ${monthBounds(m)}`);
      await pg.query(`create table if not exists ${partitionName('runs', m)} partition of runs ${monthBounds(m)}`);
    }
    await pg.query(`set synchronous_commit = off`);
    const started = performance.now();
    for (let from = 0; from < N; from += CHUNK) {
      // Record r: flow r % FLOWS, first hop at a time of its own in the 90 days, the next ones minutes apart.
      await pg.query(
        `insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, entity, period, batch_id)
         select 'event', 'e' || g, 'flow-' || lpad((r % ${FLOWS})::text, 2, '0'), 'INV-' || lpad(r::text, 8, '0'), 'invoice',
                (array['coupa', 'mulesoft', 'mulesoft', 'netsuite', 'netsuite'])[1 + i],
                (array['emitted', 'received', 'transformed', 'validated', 'posted'])[1 + i], 'ok',
                $3::timestamptz - make_interval(secs => ((hashint4(r::int)::bigint & 2147483647) % ${DAYS * 86_400})::float8) + i * interval '3 minutes',
                ((hashint4((r + 7)::int)::bigint & 1048575) / 100.0)::numeric, 'EUR', 'DE01', '2026-11', 'b' || (r % 5000)
           from generate_series($1::bigint, $2::bigint) g, lateral (select g / ${HOPS_PER_RECORD} as r, (g % ${HOPS_PER_RECORD})::int as i) k`,
        [from, Math.min(N, from + CHUNK) - 1, now],
      );
      process.stdout.write(`[bench:partitions] ${Math.min(N, from + CHUNK)} hops in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
    await pg.query(
      `insert into runs (flow_id, run_id, status, started_at, finished_at, rows_read, run_at)
       select 'flow-' || lpad(f::text, 2, '0'), 'run-' || h, s, t, case when s = 'succeeded' then t + interval '5 minutes' end, 100,
              case when s = 'succeeded' then t + interval '5 minutes' else t end
         from generate_series(0, ${FLOWS - 1}) f, generate_series(1, ${DAYS * 24}) h, unnest(array['started', 'succeeded']) s,
              lateral (select $1::timestamptz - h * interval '1 hour' as t) x`,
      [now],
    );
    await pg.query(`vacuum analyze hops`);
    await pg.query(`vacuum analyze runs`);
    process.stdout.write(`[bench:partitions] filled and analysed in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    server = startServer(
      {
        DATABASE_URL: db.url,
        CLOSEWATCH_DEMO: 'false',
        CLOSEWATCH_SCHEDULERS: 'false',
        LOG_LEVEL: 'error',
        CLOSEWATCH_DATA_DIR: join(dir, 'data'),
        CLOSEWATCH_ADMIN_EMAIL: ADMIN.email,
        CLOSEWATCH_ADMIN_PASSWORD: ADMIN.password,
      },
      await freePort(),
    );
    await waitReady(server);
  }, 3_600_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await pg?.end();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers lineage by record key and the lists of a flow', async () => {
    const accessToken = await signIn(server, ADMIN);
    const timedGet = async (path: string): Promise<{ ms: number; body: unknown }> => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      const body = (await res.json()) as unknown;
      const ms = performance.now() - t0;
      expect(res.status).toBe(200);
      return { ms, body };
    };
    const randomKey = () => `INV-${String(Math.floor(Math.random() * records)).padStart(8, '0')}`;
    const randomFlow = () => `flow-${String(Math.floor(Math.random() * FLOWS)).padStart(2, '0')}`;
    for (let i = 0; i < 20; i++) await timedGet(`/api/v1/lineage?recordKey=${randomKey()}`); // warm-up

    const keys = Array.from({ length: LOOKUPS }, randomKey);
    const lineage: number[] = [];
    for (const key of keys) {
      const { ms, body } = await timedGet(`/api/v1/lineage?recordKey=${key}`);
      expect((body as { hops: unknown[] }).hops.length).toBeGreaterThan(0);
      lineage.push(ms);
    }
    // Baseline in the same run: an authenticated request that reads no telemetry (what the machine's load costs every call).
    const me: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) me.push((await timedGet('/api/v1/auth/me')).ms);
    const sql: number[] = [];
    for (const key of keys) {
      const t0 = performance.now();
      await pg.query(`select * from hops h where h.record_key = $1 order by h.occurred_at, h.id limit 1001`, [key]);
      sql.push(performance.now() - t0);
    }
    const hopList: number[] = [];
    const runList: number[] = [];
    for (let i = 0; i < 100; i++) {
      hopList.push((await timedGet(`/api/v1/hops?flow=${randomFlow()}&limit=50`)).ms);
      runList.push((await timedGet(`/api/v1/runs?flow=${randomFlow()}&limit=50`)).ms);
    }
    const [plan] = (
      await pg.query<{ 'QUERY PLAN': unknown }>(`explain (format json) select * from hops h where h.record_key = $1 order by h.occurred_at, h.id limit 1001`, [
        keys[0],
      ])
    ).rows;
    const partitions = (await pg.query<{ n: number }>(`select count(*)::int as n from pg_inherits where inhparent = 'hops'::regclass`)).rows[0]!.n;
    const size = (
      await pg.query<{ s: string }>(
        `select pg_size_pretty(pg_total_relation_size('hops') + coalesce((select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'hops'::regclass), 0)) as s`,
      )
    ).rows[0]!.s;
    process.stdout.write(
      [
        `[bench:partitions] machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
        `[bench:partitions] hops: ${N} (${records} records, ${FLOWS} flows, ${DAYS} days), ${partitions} partitions, ${size} with indexes`,
        `[bench:partitions] GET /api/v1/lineage?recordKey=: ${summary(lineage)}`,
        `[bench:partitions] baseline, GET /api/v1/auth/me: ${summary(me)}; lineage p95 / baseline p95: ${(p95(lineage) / p95(me)).toFixed(2)}`,
        `[bench:partitions] the lineage's hop query alone on PostgreSQL: ${summary(sql)}`,
        `[bench:partitions] GET /api/v1/hops?flow=&limit=50: ${summary(hopList)}`,
        `[bench:partitions] GET /api/v1/runs?flow=&limit=50: ${summary(runList)}`,
        `[bench:partitions] lineage plan: ${JSON.stringify(plan).slice(0, 400)}`,
        '',
      ].join('\n'),
    );
  }, 3_600_000);
});
