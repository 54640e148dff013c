// The API side of the reconciliation benchmarks (recon.mjs, recon-unindexed.mjs): the built API
// started with a reconciliation worker, its client, a measured run, and the PostgreSQL server the
// bench databases are made on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchApiNodeArgs, startApi } from './api.mjs';
import { watchRss } from './machine.mjs';
import { createDatabase, databaseUrlFromEnv, embeddedPostgres, localAdminUrl } from './postgres.mjs';
import { sleep } from './run.mjs';

export async function measureRun(call, pid, reconId) {
  const rss = watchRss(pid, 100);
  const started = performance.now();
  const { runId } = await call('POST', `/api/v1/recons/${reconId}/runs`, {}, [202]);
  let run;
  for (;;) {
    await sleep(250);
    run = await call('GET', `/api/v1/recon-runs/${runId}`, undefined, [200]);
    if (['succeeded', 'failed', 'cancelled'].includes(run.status)) break;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const peakRss = rss.stop();
  if (run.status !== 'succeeded') throw new Error(`run ${runId} ${run.status}: ${JSON.stringify(run.error)}`);
  const seconds = run.durationMs / 1000;
  const rowsRead = run.summary.source.rows + run.summary.target.rows;
  return { run, seconds, wallSeconds, rowsRead, rowsPerSecond: rowsRead / seconds, peakRssMiB: peakRss / 1024 / 1024 };
}

export function apiClient(url, token) {
  return async (method, path, body, okStatuses) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!okStatuses.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export async function login(url, password) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@closewatch.local', password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return (await res.json()).accessToken;
}

export async function startReconApi(databaseUrl, port, { password, secretKey, env: extra = {} }, cleanups) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closewatch-bench-recon-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    CLOSEWATCH_DATA_DIR: dataDir,
    CLOSEWATCH_ADMIN_EMAIL: 'bench@closewatch.local',
    CLOSEWATCH_ADMIN_PASSWORD: password,
    CLOSEWATCH_SECRET_KEY: secretKey,
    CLOSEWATCH_SCHEDULERS: 'true',
    CLOSEWATCH_RECON_WORKERS: '1',
    CLOSEWATCH_RECON_POLL_SECONDS: '1',
    CLOSEWATCH_RECON_RETRIES: '0',
    CLOSEWATCH_RECON_STATEMENT_TIMEOUT_SECONDS: '3600',
    CLOSEWATCH_RECON_PROGRESS_ROWS: '100000',
    LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'warn',
    ...extra,
  };
  const stdout = process.env.BENCH_API_LOG_LEVEL ? 'inherit' : 'ignore';
  return startApi({ databaseUrl, port, env, nodeArgs: benchApiNodeArgs(), stdout, stopTimeoutMs: 15_000 }, cleanups);
}

/** The server the bench databases are made on: `{ kind, createDatabase(name) → { name, url } }`. */
export async function benchServer(pg, cleanups, log) {
  const make = (adminUrl, kind) => ({
    kind,
    async createDatabase(name) {
      return { name, url: await createDatabase(pg, adminUrl, name, cleanups) };
    },
  });
  const url = databaseUrlFromEnv();
  if (url) return make(url, 'DATABASE_URL');
  const local = await localAdminUrl(pg);
  if (local) return make(local, 'local PostgreSQL at 127.0.0.1:5432');
  return make(await embeddedPostgres('closewatch-bench-pg-', log, cleanups), 'embedded PostgreSQL');
}

/** The systems, the flow `flow` between them, and the connections bench_src and bench_tgt to the side databases `db.src`, `db.tgt`. */
export async function createBenchFlow(call, db, flow) {
  for (const [id, kind] of [
    ['bench-coupa', 'procurement'],
    ['bench-erp', 'erp'],
  ])
    await call('POST', '/api/v1/systems', { id, name: id, kind }, [201]);
  await call(
    'POST',
    '/api/v1/flows',
    {
      id: flow,
      name: 'Bench invoices',
      sourceSystem: 'bench-coupa',
      targetSystem: 'bench-erp',
      pattern: 'batch',
      workflow: 'procure_to_pay',
      slo: { maxLagSeconds: 3600, scheduleCron: '0 2 * * *' },
      materiality: { amount: '1000000.00', currency: 'USD' },
    },
    [201],
  );
  await call('POST', '/api/v1/connections', { name: 'bench_src', kind: 'postgres', url: db.src.url }, [201]);
  await call('POST', '/api/v1/connections', { name: 'bench_tgt', kind: 'postgres', url: db.tgt.url }, [201]);
}
