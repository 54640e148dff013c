import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CreatedIngestKey, type IngestScope } from '@closewatch/contracts/ingest-keys';
import { type Role } from '@closewatch/contracts/roles';
import { type NewUser } from '@closewatch/contracts/users';
import { createTestDatabase, freePort } from '../../apps/api/test/support/test-database';
import { startServer, waitReady, type ServerProcess } from '../../apps/api/test/support/server-process';

/** Where the built dashboard is (what the server serves by default). */
export const WEB_DIR = join(__dirname, '..', '..', 'apps', 'web', 'dist');

const ADMIN = { email: 'e2e-bootstrap-admin@test.local', password: 'e2e bootstrap admin password' };
const PASSWORD = 'correct horse battery';

/** The built server as a black box: a child process on a fresh database, driven over HTTP only. */
export interface ApiServer {
  url: string;
  /** The server's database, for specs that read back what it stored. */
  databaseUrl: string;
  /** Creates a user through the admin API. */
  createUser(user: NewUser): Promise<void>;
  /** Creates a user with this role and returns a session token for it. */
  tokenFor(role: Role): Promise<string>;
  /** Creates an ingest key through the admin API and returns its secret. */
  ingestKey(scopes?: IngestScope[]): Promise<string>;
  /** The server process now (a restart makes a new one). */
  process(): ServerProcess;
  /** SIGKILL: the process ends at once, with nothing flushed or closed. */
  kill(): Promise<void>;
  /** Starts the server again, same port, database, data directory and settings; resolves when it is ready. */
  restart(): Promise<void>;
  /** Another server process on the same database (a replica); closing it leaves the database. */
  replica(env?: Record<string, string>): Promise<ApiServer>;
  close(): Promise<void>;
}

/** A database the server runs on: dropped when the server that owns it closes. */
export interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * `node apps/api/dist/main.js` on a database cloned from the migrated template (the server runs
 * its migrations again at start, finding none to do). An admin comes from
 * CLOSEWATCH_ADMIN_EMAIL/PASSWORD, so every other user and key is made through the API.
 * Schedulers and demo mode are off unless `env` turns them on.
 */
export async function startApiServer(env: Record<string, string> = {}): Promise<ApiServer> {
  const db = await createTestDatabase();
  try {
    return await startApiServerOn(db, env);
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/** The built server on a database of the caller's (see startApiServer); `close()` drops it. */
export async function startApiServerOn(db: ServerDatabase, env: Record<string, string> = {}): Promise<ApiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'closewatch-e2e-'));
  const serverEnv = {
    DATABASE_URL: db.url,
    CLOSEWATCH_DEMO: 'false',
    CLOSEWATCH_SCHEDULERS: 'false',
    LOG_LEVEL: 'error',
    CLOSEWATCH_DATA_DIR: dataDir,
    CLOSEWATCH_ADMIN_EMAIL: ADMIN.email,
    CLOSEWATCH_ADMIN_PASSWORD: ADMIN.password,
    // One key for every replica (each has its own data directory, where a key would otherwise be made).
    CLOSEWATCH_SECRET_KEY: randomBytes(32).toString('base64'),
    ...env,
  };
  const port = await freePort();
  let server: ServerProcess = startServer(serverEnv, port);
  const running = () => server.child.exitCode === null && server.child.signalCode === null;
  const stop = async () => {
    if (running()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(server);
  } catch (err) {
    await stop();
    throw err;
  }
  const { url } = server;
  let n = 0;

  async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async function login(email: string, password: string): Promise<string> {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }
  let admin: Promise<string> | undefined;
  const adminToken = () => (admin ??= login(ADMIN.email, ADMIN.password));

  const api: ApiServer = {
    url,
    databaseUrl: db.url,
    async createUser(user) {
      await call('POST', '/api/v1/users', await adminToken(), user);
    },
    async tokenFor(role) {
      const email = `${role}-${++n}@test.local`;
      await api.createUser({ email, name: `${role} ${n}`, role, password: PASSWORD });
      return login(email, PASSWORD);
    },
    async ingestKey(scopes) {
      return (await call<CreatedIngestKey>('POST', '/api/v1/ingest-keys', await adminToken(), { name: `e2e key ${++n}`, scopes })).secret;
    },
    process: () => server,
    async kill() {
      if (!running()) return;
      server.child.kill('SIGKILL');
      await server.exited;
    },
    async restart() {
      if (running()) throw new Error('restart(): the server is still running (kill() it first)');
      server = startServer(serverEnv, port);
      await waitReady(server);
    },
    replica: (over = {}) =>
      startApiServerOn({ url: db.url, drop: async () => undefined }, { ...env, CLOSEWATCH_SECRET_KEY: serverEnv.CLOSEWATCH_SECRET_KEY, ...over }),
    async close() {
      await stop();
      await db.drop();
    },
  };
  return api;
}

/** Fails with the command to run when the dashboard has not been built. */
export function requireBuiltDashboard(): void {
  if (!existsSync(join(WEB_DIR, 'index.html')))
    throw new Error(`The dashboard is not built in ${WEB_DIR}: run npx nx run web:build (npm test builds it first)`);
}
