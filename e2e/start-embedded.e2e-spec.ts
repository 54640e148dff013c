import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startServer, waitReady, type ServerProcess } from '../apps/api/test/support/server-process';
import { freePort } from '../apps/api/test/support/test-database';
import { until } from './support/until';

/**
 * `npm start` exactly as a new user runs it: no DATABASE_URL, so the embedded PostgreSQL starts
 * under the data directory, migrations run, and demo mode creates an admin. The data must
 * survive a SIGKILL of the server (which leaves the postgres child orphaned) and a restart.
 */
describe('npm start with the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'closewatch-start-'));
  let server: ServerProcess | undefined;
  let pgPort: number;

  beforeAll(async () => {
    pgPort = await freePort();
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ CLOSEWATCH_DATA_DIR: dataDir, CLOSEWATCH_EMBEDDED_PG_PORT: String(pgPort), CLOSEWATCH_SIMULATOR_RATE: '2' });

  /** Runs a query as the cluster's superuser (its password is in the data directory). */
  async function asSuperuser<T>(dir: string, port: number, database: string, sql: string): Promise<T[]> {
    const password = readFileSync(join(dir, 'pg-password'), 'utf8').trim();
    const client = new Client({ connectionString: `postgres://closewatch:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}` });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Objects of a database that the application role does not own (extension members aside). */
  const FOREIGN_OWNED = `
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S') and pg_get_userbyid(c.relowner) <> 'closewatch_app'
       and not exists (select 1 from pg_depend e where e.objid = c.oid and e.deptype = 'e')
    union all
    select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> 'closewatch_app'
       and not exists (select 1 from pg_depend e where e.objid = p.oid and e.deptype = 'e')`;

  /** Whether the server's own connections to its database use the application role only. */
  const CLIENT_ROLES = `select distinct usename as role from pg_stat_activity where datname = 'closewatch' and backend_type = 'client backend' and pid <> pg_backend_pid()`;

  async function login(url: string, password: string): Promise<number> {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@closewatch.local', password }),
    });
    return res.status;
  }

  it('starts, prints how to sign in, survives kill -9 and restarts with its data', async () => {
    server = startServer(env(), await freePort());
    await waitReady(server, 120_000);
    // Ready (listening) comes a moment before the banner, which follows the demo's setup.
    await until('the start banner', () => (server!.output().includes('Closewatch is running at') ? true : undefined));
    const credentials = readFileSync(join(dataDir, 'demo-admin.txt'), 'utf8');
    const password = /password: (\S+)/.exec(credentials)?.[1] ?? '';
    expect(server.output()).toContain(password);
    expect(await login(server.url, password)).toBe(200);

    // The application connects as a role that owns its database and is not a superuser.
    expect(statSync(join(dataDir, 'pg-app-password')).mode & 0o777).toBe(0o600);
    expect(
      await asSuperuser(dataDir, pgPort, 'postgres', `select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = 'closewatch_app'`),
    ).toEqual([{ rolsuper: false, rolcreatedb: true, rolcreaterole: true }]);
    expect(await asSuperuser(dataDir, pgPort, 'postgres', CLIENT_ROLES)).toEqual([{ role: 'closewatch_app' }]);
    expect(await asSuperuser(dataDir, pgPort, 'closewatch', FOREIGN_OWNED)).toEqual([]);

    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true); // the orphaned server is still up

    server = startServer(env(), await freePort());
    await waitReady(server, 120_000);
    expect(server.output()).not.toContain(password); // the password is shown once, at creation
    expect(await login(server.url, password)).toBe(200);
    // The demo's read-only role exists already: the non-superuser app role resets it.
    for (let i = 0; i < 100 && !/demo reconciliations (ready|could not)/.test(server.output()); i++) await new Promise((r) => setTimeout(r, 300));
    expect(server.output()).toContain('demo reconciliations ready');

    server.child.kill('SIGTERM');
    const code = await server.exited;
    if (code !== 0) throw new Error(`exit code ${code} after SIGTERM; server output:\n${server.output().slice(-4000)}`);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false); // clean shutdown stops postgres too
  });

  it('hands a data directory from before the application role over to it, keeping its data', async () => {
    const legacyDir = mkdtempSync(join(tmpdir(), 'closewatch-legacy-'));
    chmodSync(legacyDir, 0o711); // as root, the server runs as the postgres OS user, which must traverse it
    const legacyPort = await freePort();
    try {
      execFileSync(process.execPath, [join(__dirname, 'support', 'legacy-embedded-data-dir.mjs'), join(legacyDir, 'data'), String(legacyPort)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const dir = join(legacyDir, 'data');
      server = startServer({ CLOSEWATCH_DATA_DIR: dir, CLOSEWATCH_EMBEDDED_PG_PORT: String(legacyPort), CLOSEWATCH_SIMULATOR_RATE: '2' }, await freePort());
      await waitReady(server, 120_000);
      expect(server.output()).toContain('handing database closewatch over to the role closewatch_app');
      expect(await asSuperuser(dir, legacyPort, 'closewatch', `select name from recon_connections where name = 'legacy'`)).toEqual([{ name: 'legacy' }]);
      expect(await asSuperuser(dir, legacyPort, 'closewatch', FOREIGN_OWNED)).toEqual([]);
      expect(await asSuperuser(dir, legacyPort, 'postgres', CLIENT_ROLES)).toEqual([{ role: 'closewatch_app' }]);
      // The demo fills the demo table the superuser had created, now as the application role.
      for (let i = 0; i < 100 && !server.output().includes('demo reconciliations ready'); i++) await new Promise((r) => setTimeout(r, 300));
      expect(server.output()).toContain('demo reconciliations ready');
      const [invoices] = await asSuperuser<{ owner: string; n: number }>(
        dir,
        legacyPort,
        'closewatch_demo_coupa',
        `select pg_get_userbyid(relowner) as owner, (select count(*)::int from invoices) as n from pg_class where relname = 'invoices'`,
      );
      expect(invoices!.owner).toBe('closewatch_app');
      expect(invoices!.n).toBeGreaterThan(0);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      rmSync(legacyDir, { recursive: true, force: true });
    }
  });
});
