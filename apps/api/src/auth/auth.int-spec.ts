import { BootstrapService } from '../bootstrap/bootstrap.service';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_ADMIN_EMAIL: 'Boss@Example.com', CLOSEWATCH_ADMIN_PASSWORD: 'boss-password-1' });
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('rejects wrong credentials with a JSON 401 and no hint which part was wrong', async () => {
    const res = await post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'whatever' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining('Email or password') } });
  });

  it('names the missing field on a bad login body', async () => {
    const res = await post('/api/v1/auth/login', { email: 'a@b.c' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { field: string }[] } };
    expect(body.error.details.map((d) => d.field)).toEqual(['password']);
  });

  it('answers malformed JSON with a 400, not a stack trace', async () => {
    const res = await post('/api/v1/auth/login', '{"email": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_body');
  });

  it('logs in the configured admin and returns the session contract', async () => {
    await t.app.get(BootstrapService).run();
    const res = await post('/api/v1/auth/login', { email: 'boss@example.com', password: 'boss-password-1' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accessToken: string; user: { email: string; role: string } };
    expect(body.accessToken).toMatch(/^cws_/);
    expect(body.user).toMatchObject({ email: 'boss@example.com', role: 'admin' });
    const me = await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(((await me.json()) as { email: string }).email).toBe('boss@example.com');
  });

  it('enforces roles: a viewer cannot create users, an admin can', async () => {
    const viewer = await t.tokenFor('viewer');
    const admin = await t.tokenFor('admin');
    const user = { email: 'ops@example.com', name: 'Ops', role: 'finance_ops', password: 'long-enough-pw' };
    const denied = await post('/api/v1/users', user, viewer);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const created = await post('/api/v1/users', user, admin);
    expect(created.status).toBe(201);
    const again = await post('/api/v1/users', user, admin);
    expect(again.status).toBe(409);
  });

  it('revokes the session on logout', async () => {
    const token = await t.tokenFor('auditor');
    expect((await post('/api/v1/auth/logout', {}, token)).status).toBe(204);
    const me = await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it('requires a token on protected endpoints', async () => {
    const res = await fetch(`${t.url}/api/v1/users`);
    expect(res.status).toBe(401);
  });

  it('creates ingest keys whose secret is shown once and can be revoked', async () => {
    const admin = await t.tokenFor('admin');
    const res = await post('/api/v1/ingest-keys', { name: 'mulesoft prod' }, admin);
    expect(res.status).toBe(201);
    const { key, secret } = (await res.json()) as { key: { id: string; prefix: string }; secret: string };
    expect(secret.startsWith(key.prefix)).toBe(true);
    const list = await fetch(`${t.url}/api/v1/ingest-keys`, { headers: { authorization: `Bearer ${admin}` } });
    expect(JSON.stringify(await list.json())).not.toContain(secret);
    const del = await fetch(`${t.url}/api/v1/ingest-keys/${key.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    expect(((await del.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
  });
});
