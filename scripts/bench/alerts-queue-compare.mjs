#!/usr/bin/env node
// The alerts outbox's own claim queue against pg-boss, same machine, same run (docs/alerts.md,
// "Delivery"; docs/benchmarks.md, "Alerts"). Not part of npm run bench: pg-boss is not a
// dependency of Closewatch. Install it without saving, then run:
//   npm i --no-save pg-boss@12 && node scripts/bench/alerts-queue-compare.mjs
// Needs the local PostgreSQL at 127.0.0.1:5432 (user postgres); creates and drops its own database.
//
// A: the notification row is the job (the claim and record statements of
//    apps/api/src/alerts/delivery/delivery.queries.ts, 4 lanes, 3 claimed at a time).
// B: pg-boss holds the job, sent in the same transaction as the notification row (kept as the
//    delivery log) through its `db` option; 4 workers, batches of 3, fetching continuously while
//    batches come back full.
// Both: N (2,000) notifications written one transaction each, then drained to one loopback receiver.
import { createServer } from 'node:http';
import pg from 'pg';
let PgBoss;
try {
  ({ PgBoss } = await import('pg-boss'));
} catch {
  console.error('pg-boss is not installed: npm i --no-save pg-boss@12');
  process.exit(2);
}

const N = Number(process.env.N ?? 2000);
const LANES = 4;
const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `outbox_vs_pgboss_${Date.now()}`;
const a = new pg.Client(admin);
await a.connect();
await a.query(`create database ${dbName}`);
const url = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const pool = new pg.Pool({ connectionString: url, max: 10 });

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(202).end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const target = `http://127.0.0.1:${server.address().port}/`;
const post = (id, body) =>
  fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', 'x-closewatch-delivery': id }, body }).then((r) => r.text());

await pool.query(`create table alert_notifications (
  id uuid primary key default gen_random_uuid(), seq bigint generated always as identity, incident_id uuid not null, receiver text not null,
  action text not null, status text not null, payload jsonb not null, attempts int not null default 0, last_status_code int, last_error text,
  created_at timestamptz not null default now(), due_at timestamptz not null default now(), claimed_until timestamptz, claimed_by text, delivered_at timestamptz)`);
await pool.query(`create index on alert_notifications (due_at, seq) where status = 'pending'`);
await pool.query(`create index on alert_notifications (incident_id, receiver, seq)`);
const payload = JSON.stringify({ incident: { id: 'x', title: 'coupa-to-oracle: target rejected failures', severity: 'high' }, exceptions: [], links: {} });

async function inTx(fn) {
  const c = await pool.connect();
  try {
    await c.query('begin');
    const r = await fn(c);
    await c.query('commit');
    return r;
  } catch (e) {
    await c.query('rollback');
    throw e;
  } finally {
    c.release();
  }
}
const insertRow = (c, status = 'pending') =>
  c.query(
    `insert into alert_notifications (incident_id, receiver, action, status, payload) values (gen_random_uuid(), 'hook', 'trigger', $1, $2) returning id`,
    [status, payload],
  );

async function timed(label, fn) {
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return ms;
}

// ---- A: the outbox is the queue
const results = {};
results.outboxWrite = await timed(`A write ${N} (1 row per transaction)`, async () => {
  for (let i = 0; i < N; i++) await inTx((c) => insertRow(c));
});
received = 0;
results.outboxDrain = await timed(`A drain ${N} (${LANES} lanes, claim 3, one record per batch)`, async () => {
  const lane = async () => {
    for (;;) {
      const { rows } =
        await pool.query(`with next as (select n.id from alert_notifications n where n.status = 'pending' and n.due_at <= now() and (n.claimed_until is null or n.claimed_until < now())
            and not exists (select 1 from alert_notifications p where p.incident_id = n.incident_id and p.receiver = n.receiver and p.status = 'pending' and p.seq < n.seq)
            order by n.due_at, n.seq for update skip locked limit 3)
          update alert_notifications n set claimed_until = now() + interval '60 s', claimed_by = 'w', attempts = n.attempts + 1 from next where n.id = next.id returning n.id, n.payload`);
      if (!rows.length) return;
      const done = [];
      for (const r of rows) {
        await post(r.id, JSON.stringify(r.payload));
        done.push({ id: r.id, status: 'delivered', deliveredAt: new Date(), statusCode: 202 });
      }
      await pool.query(
        `update alert_notifications n set status = u.status, delivered_at = u."deliveredAt", last_status_code = u."statusCode", claimed_until = null, claimed_by = null
        from jsonb_to_recordset($1::jsonb) as u(id uuid, status text, "deliveredAt" timestamptz, "statusCode" int) where n.id = u.id and n.claimed_by = 'w' and n.status = 'pending'`,
        [JSON.stringify(done)],
      );
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
});
console.log(`A received ${received}`);

// ---- B: pg-boss holds the job; the notification row stays as the delivery log
const boss = new PgBoss({ connectionString: url, max: 10 });
boss.on('error', (e) => console.error('boss', e.message));
await boss.start();
await boss.createQueue('alerts');
results.bossWrite = await timed(`B write ${N} (log row + boss.send in the same transaction)`, async () => {
  for (let i = 0; i < N; i++) {
    await inTx(async (c) => {
      const { rows } = await insertRow(c);
      await boss.send('alerts', { id: rows[0].id }, { db: { executeSql: (text, values) => c.query(text, values) } });
    });
  }
});
received = 0;
results.bossDrain = await timed(`B drain ${N} (work, localConcurrency ${LANES}, batchSize 3, poll 0.5 s, burst when full)`, async () => {
  let done = 0;
  await new Promise((resolve) => {
    void boss.work('alerts', { localConcurrency: LANES, batchSize: 3, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async (jobs) => {
      const ok = [];
      for (const job of jobs) {
        const { rows } = await pool.query(`select payload from alert_notifications where id = $1`, [job.data.id]);
        await post(job.data.id, JSON.stringify(rows[0].payload));
        ok.push({ id: job.data.id });
      }
      await pool.query(
        `update alert_notifications n set status = 'delivered', delivered_at = now(), last_status_code = 202 from jsonb_to_recordset($1::jsonb) as u(id uuid) where n.id = u.id`,
        [JSON.stringify(ok)],
      );
      done += jobs.length;
      if (done >= N) resolve();
    });
  });
});
console.log(`B received ${received}`);
await boss.stop({ graceful: true, timeout: 5000 }).catch(() => {});
console.log(JSON.stringify(results));
await pool.end();
server.close();
await a.query(`drop database ${dbName} with (force)`).catch(() => undefined);
await a.end();
process.exit(0);
