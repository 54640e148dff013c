// The PostgreSQL a benchmark runs on: DATABASE_URL if set, else the local server at
// 127.0.0.1:5432 (as postgres, then as $USER), else an embedded PostgreSQL started from the
// built API (apps/api/dist/database/embedded-postgres.js). BENCH_DATABASE=embedded skips the
// first two. Every database or server made here is dropped or stopped by the cleanups.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiDist, freePort, require } from './run.mjs';

const LOCAL_USERS = () => ['postgres', process.env.USER ?? 'root'];
const forceEmbedded = () => process.env.BENCH_DATABASE === 'embedded';

/** DATABASE_URL, unless BENCH_DATABASE=embedded. */
export function databaseUrlFromEnv() {
  return forceEmbedded() ? undefined : process.env.DATABASE_URL || undefined;
}

/** `use(adminUrl)` for the first local user that can connect and `use` succeeds for; null when none does. */
async function firstLocal(pg, use) {
  if (forceEmbedded()) return null;
  for (const user of LOCAL_USERS()) {
    const adminUrl = `postgres://${user}@127.0.0.1:5432/postgres`;
    const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
    try {
      await c.connect();
      await c.end();
      return await use(adminUrl);
    } catch {
      continue;
    }
  }
  return null;
}

/** The local server's admin URL (database `postgres`) for the first user that can connect, or null. */
export function localAdminUrl(pg) {
  return firstLocal(pg, async (adminUrl) => adminUrl);
}

/** Creates database `name` on the server of `adminUrl`, dropped (with force) by the cleanups; its URL. */
export async function createDatabase(pg, adminUrl, name, cleanups) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`create database "${name}"`);
  } finally {
    await c.end();
  }
  cleanups.push(async () => {
    const d = new pg.Client({ connectionString: adminUrl });
    await d.connect();
    await d.query(`drop database if exists "${name}" with (force)`);
    await d.end();
  });
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database `<prefix><time>` on the local server, or null when no local user can create one. */
export function freshLocalDatabase(pg, prefix, cleanups) {
  return firstLocal(pg, (adminUrl) => createDatabase(pg, adminUrl, `${prefix}${Date.now().toString(36)}`, cleanups));
}

/** Starts an embedded PostgreSQL in a temporary directory (removed by the cleanups); its URL. */
export async function embeddedPostgres(dirPrefix, log, cleanups) {
  const { startEmbeddedPostgres } = require(join(apiDist, 'database', 'embedded-postgres.js'));
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const embedded = await startEmbeddedPostgres(dir, await freePort(), { log: () => undefined, warn: (m) => log(m) });
  cleanups.push(async () => {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return embedded.url;
}

/** One database for the whole benchmark: `{ url, kind }`, kind as the results name it. */
export async function benchDatabase(pg, log, cleanups) {
  const url = databaseUrlFromEnv();
  if (url) return { url, kind: 'DATABASE_URL' };
  const local = await freshLocalDatabase(pg, 'closewatch_bench_', cleanups);
  if (local) return { url: local, kind: 'local PostgreSQL at 127.0.0.1:5432 (fresh database)' };
  return { url: await embeddedPostgres('closewatch-bench-', log, cleanups), kind: 'embedded PostgreSQL' };
}

/** The server's version and the settings that shape query times, as the results name them. */
export async function serverSettings(client) {
  const { rows } = await client.query(
    `select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers,
            current_setting('work_mem') as work_mem, current_setting('jit') as jit,
            current_setting('max_parallel_workers_per_gather') as parallel_workers, current_setting('random_page_cost') as random_page_cost`,
  );
  return rows[0];
}
