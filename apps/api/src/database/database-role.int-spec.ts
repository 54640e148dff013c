import { Client } from 'pg';
import { createTestDatabase, TEST_ENV, uniqueName } from '../../test/support/test-database';
import { databaseRole, superuserWarning } from './database-role';

describe(superuserWarning.name, () => {
  let db: { url: string; drop(): Promise<void> };
  const role = uniqueName('cw_role');

  beforeAll(async () => {
    db = await createTestDatabase();
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(`create role "${role}" login nosuperuser password 'x'`);
    await c.end();
  });
  afterAll(async () => {
    await db?.drop();
    const c = new Client({ connectionString: process.env[TEST_ENV.adminUrl] });
    await c.connect();
    await c.query(`drop role if exists "${role}"`);
    await c.end();
  });

  it('warns about a superuser DATABASE_URL, naming the role, and not about another role', async () => {
    const admin = await databaseRole(db.url);
    expect(admin.superuser).toBe(true); // the test server's admin URL
    expect(superuserWarning(admin)).toMatch(new RegExp(`connects as ${admin.name}, a PostgreSQL superuser`));

    const other = new URL(db.url);
    other.username = role;
    other.password = 'x';
    expect(await databaseRole(other.toString())).toEqual({ name: role, superuser: false, createRole: false, createDb: false });
    expect(superuserWarning(await databaseRole(other.toString()))).toBeUndefined();
  });
});
