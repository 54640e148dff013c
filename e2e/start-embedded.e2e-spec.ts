import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitReady, type ServerProcess } from './support/server-process';
import { freePort } from '../apps/api/test/support/test-database';

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
    expect(server.output()).toContain('Closewatch is running at');
    const credentials = readFileSync(join(dataDir, 'demo-admin.txt'), 'utf8');
    const password = /password: (\S+)/.exec(credentials)?.[1] ?? '';
    expect(server.output()).toContain(password);
    expect(await login(server.url, password)).toBe(200);

    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true); // the orphaned server is still up

    server = startServer(env(), await freePort());
    await waitReady(server, 120_000);
    expect(server.output()).not.toContain(password); // the password is shown once, at creation
    expect(await login(server.url, password)).toBe(200);

    server.child.kill('SIGTERM');
    const code = await server.exited;
    if (code !== 0) throw new Error(`exit code ${code} after SIGTERM; server output:\n${server.output().slice(-4000)}`);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false); // clean shutdown stops postgres too
  });
});
