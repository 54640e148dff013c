/**
 * The demo's read-only role: what its reconciliation connections log in as, so an admin's query
 * on a demo connection can read the demo tables and nothing else (not Closewatch's own tables,
 * not server files, no writes). SQL for the role in one place; the caller runs it as Closewatch's
 * own role, which must be a superuser or have CREATEROLE.
 */
type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** The role's name for the Closewatch database `database` (a role is global to the server). */
export function demoReaderRole(database: string): string {
  return `${database.slice(0, 40)}_demo_reader`;
}

/** Whether the connected role may create the demo's read-only role. */
export async function canCreateRoles(query: Query): Promise<boolean> {
  const rows = (await query(`select rolsuper or rolcreaterole as ok from pg_roles where rolname = current_user`)) as { ok: boolean }[];
  return rows[0]?.ok === true;
}

/**
 * Creates the role, or resets an existing one's login, limits and password. A role that holds
 * a privilege no reader needs (superuser, replication, bypassing row security) is refused, not
 * altered: a non-superuser may not change those attributes (PostgreSQL 16+).
 */
export async function ensureReaderRole(query: Query, role: string, password: string): Promise<void> {
  const common = `login nocreaterole noinherit connection limit 20 password ${literal(password)}`;
  const create = `create role ${ident(role)} with ${common} nosuperuser nocreatedb noreplication nobypassrls`;
  const alter = `alter role ${ident(role)} with ${common}`;
  const exists = ((await query(`select 1 from pg_roles where rolname = $1`, [role])) as unknown[]).length > 0;
  try {
    await query(exists ? alter : create);
  } catch (err) {
    // 42710 or 23505: another replica created it at the same moment.
    const code = (err as { code?: string }).code;
    if (exists || (code !== '42710' && code !== '23505')) throw err;
    await query(alter);
  }
  const rows = (await query(`select rolsuper or rolreplication or rolbypassrls or rolcreatedb as excess from pg_roles where rolname = $1`, [role])) as {
    excess: boolean;
  }[];
  if (rows[0]?.excess)
    throw new Error(
      `the role ${role} exists with more rights than reading (superuser, createdb, replication or bypassrls): drop it, and the demo creates it again`,
    );
  await query(`alter role ${ident(role)} set default_transaction_read_only = on`);
}

/** Lets the role connect to a demo database (and nothing more there: no temporary tables). */
export async function grantDatabase(query: Query, database: string, role: string): Promise<void> {
  await query(`revoke temporary on database ${ident(database)} from public`);
  await query(`grant connect on database ${ident(database)} to ${ident(role)}`);
}

/** Lets the role read one table (schema-qualified) of the database `query` is connected to. */
export async function grantTable(query: Query, schema: string, table: string, role: string): Promise<void> {
  await query(`grant usage on schema ${ident(schema)} to ${ident(role)}`);
  await query(`grant select on table ${ident(schema)}.${ident(table)} to ${ident(role)}`);
}

/** The URL with the role's credentials instead of the one it had. */
export function withCredentials(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
