import { startTestApp, type TestApp } from '../../test/test-app';
import { BootstrapService } from './bootstrap.service';

/** CLOSEWATCH_ADMIN_EMAIL / CLOSEWATCH_ADMIN_PASSWORD create a missing admin and never touch an existing one. */
describe('bootstrap admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_ADMIN_EMAIL: 'root@example.com', CLOSEWATCH_ADMIN_PASSWORD: 'from-the-env-1' });
  });
  afterAll(() => t.close());

  const login = (password: string) =>
    fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@example.com', password }),
    });

  async function rootUser(admin: string): Promise<{ id: string; role: string; disabledAt: string | null }> {
    const res = await fetch(`${t.url}/api/v1/users`, { headers: { authorization: `Bearer ${admin}` } });
    const { items } = (await res.json()) as { items: { id: string; email: string; role: string; disabledAt: string | null }[] };
    return items.find((u) => u.email === 'root@example.com')!;
  }

  const patch = (admin: string, id: string, changes: object) =>
    fetch(`${t.url}/api/v1/users/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(changes),
    });

  it('creates the admin when it is missing', async () => {
    await t.app.get(BootstrapService).run();
    expect((await login('from-the-env-1')).status).toBe(200);
  });

  it('leaves a disabled admin disabled on the next start', async () => {
    const admin = await t.tokenFor('admin');
    const root = await rootUser(admin);
    expect((await patch(admin, root.id, { disabled: true })).status).toBe(200);
    await t.app.get(BootstrapService).run();
    expect((await rootUser(admin)).disabledAt).not.toBeNull();
    expect((await login('from-the-env-1')).status).toBe(401);
  });

  it('keeps a password and role changed through the API on the next start', async () => {
    const admin = await t.tokenFor('admin');
    const root = await rootUser(admin);
    expect((await patch(admin, root.id, { disabled: false, password: 'changed-by-api-2', role: 'viewer' })).status).toBe(200);
    await t.app.get(BootstrapService).run();
    expect((await rootUser(admin)).role).toBe('viewer');
    expect((await login('from-the-env-1')).status).toBe(401);
    expect((await login('changed-by-api-2')).status).toBe(200);
  });
});
