// What the benches that put a sustained OTLP load on the built API share (bench:ingest,
// bench:live): the load's settings and the API started as deployed with an ingest key.
import { randomBytes } from 'node:crypto';
import { benchApiNodeArgs, startApi } from './api.mjs';
import { benchDatabase } from './postgres.mjs';
import { freePort } from './run.mjs';

/**
 * The load's settings from the environment: BENCH_SECONDS (the bench's own default), BENCH_WARMUP_SECONDS (3),
 * BENCH_CONCURRENCY (8), BENCH_BATCH (1000 finance spans per request); runLoadProcess takes them as they are.
 */
export function loadSettings(defaultSeconds) {
  return {
    seconds: Number(process.env.BENCH_SECONDS ?? defaultSeconds),
    warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
    batch: Number(process.env.BENCH_BATCH ?? 1000),
  };
}

/**
 * The bench database (support/postgres.mjs) and the built API on it with a fresh ingest key and
 * `env`, run with the node flags `npm start` and the Dockerfile use (a larger young generation)
 * plus BENCH_API_NODE_ARGS. The cleanups stop both.
 */
export async function startIngestApi(pg, log, cleanups, env = {}) {
  const db = await benchDatabase(pg, log, cleanups);
  log(`database: ${db.kind}`);
  const ingestKey = `bench-${randomBytes(18).toString('base64url')}`;
  const port = await freePort();
  const nodeArgs = ['--max-semi-space-size=64', ...benchApiNodeArgs()];
  const api = await startApi({ databaseUrl: db.url, port, nodeArgs, env: { CLOSEWATCH_INGEST_KEY: ingestKey, ...env } }, cleanups);
  const url = `http://127.0.0.1:${port}`;
  log(`API pid ${api.pid} at ${url}`);
  return { db, api, url, ingestKey };
}
