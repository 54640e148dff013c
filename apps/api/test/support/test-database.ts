import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/common/free-port';

/**
 * Finds the PostgreSQL server the tests use, in this order: DATABASE_URL; a server on
 * 127.0.0.1:5432 (CI machines run one); otherwise the embedded PostgreSQL, started in a
 * temporary directory on a free port (CLOSEWATCH_TEST_EMBEDDED=true forces this). Tests never
 * use a fake database.
 */
export interface TestServer {
  /** A URL with rights to create databases. */
  adminUrl: string;
  kind: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

export async function findTestServer(): Promise<TestServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, kind: 'DATABASE_URL', stop: async () => undefined };
  if (process.env.CLOSEWATCH_TEST_EMBEDDED === 'true') return startEmbedded();
  for (const user of ['postgres', process.env.USER ?? 'root', 'root']) {
    const url = `postgres://${user}@127.0.0.1:5432/postgres`;
    if (await canConnect(url)) return { adminUrl: url, kind: 'local', stop: async () => undefined };
  }
  return startEmbedded();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>('select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user');
    return rows[0]?.ok === true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const startEmbedded = async (): Promise<TestServer> => startEmbeddedServer(await freePort());

/**
 * The embedded PostgreSQL (embedded-test-server.mjs) on `port`, in a temporary directory removed
 * when it stops, or in `dataDir`, kept (starting it again on the same directory restarts the
 * same cluster: the fault specs restart the database under a running server this way).
 */
export async function startEmbeddedServer(port: number, dataDir?: string): Promise<TestServer> {
  const script = join(__dirname, 'embedded-test-server.mjs');
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'database', 'embedded-postgres.js'))) {
    throw new Error('the embedded PostgreSQL for tests needs the built api: run npm run build (npm test does)');
  }
  const child = spawn(process.execPath, [script, String(port), ...(dataDir ? [dataDir] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL for tests exited with ${code}`)));
  });
  return {
    adminUrl: url,
    kind: 'embedded',
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      await exited;
    },
  };
}

export { freePort };

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** The environment the global setup hands to test workers. */
export const TEST_ENV = { adminUrl: 'CLOSEWATCH_TEST_ADMIN_URL', template: 'CLOSEWATCH_TEST_TEMPLATE_DB', serverKind: 'CLOSEWATCH_TEST_SERVER_KIND' } as const;

/** A fresh database cloned from the migrated template; one per test suite. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const template = process.env[TEST_ENV.template];
  if (!adminUrl || !template) throw new Error('test database is not set up: run through jest (global setup)');
  const name = uniqueName('cw_t');
  await adminQuery(adminUrl, `create database "${name}" template "${template}"`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `drop database if exists "${name}" with (force)`),
  };
}
