import { Client } from 'pg';

export interface DatabaseRole {
  name: string;
  superuser: boolean;
  createRole: boolean;
  createDb: boolean;
}

/** The attributes of the role a URL connects as. */
export async function databaseRole(url: string): Promise<DatabaseRole> {
  const client = new Client({ connectionString: url, application_name: 'closewatch-role-check' });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; superuser: boolean; create_role: boolean; create_db: boolean }>(
      `select rolname as name, rolsuper as superuser, rolcreaterole as create_role, rolcreatedb as create_db from pg_roles where rolname = current_user`,
    );
    const r = rows[0]!;
    return { name: r.name, superuser: r.superuser, createRole: r.create_role, createDb: r.create_db };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The startup warning for a DATABASE_URL whose role is a superuser: such a role reads server
 * files (`pg_read_file`) and runs programs (`COPY ... TO PROGRAM`), so a mistake or an attack in
 * any statement reaches the host. Undefined when the role is not a superuser.
 */
export function superuserWarning(role: DatabaseRole): string | undefined {
  if (!role.superuser) return undefined;
  return (
    `DATABASE_URL connects as ${role.name}, a PostgreSQL superuser: it can read server files and run programs on the database host. ` +
    'Connect as a role that owns the Closewatch database and is not a superuser (docs/configuration.md, "Database roles").'
  );
}
