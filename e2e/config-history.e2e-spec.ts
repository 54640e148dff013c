import { type Page } from 'playwright-core';
import { requireBuiltDashboard, startApiServer, type ApiServer } from './support/api-server';
import { launchPage } from './pages/browser';
import { LoginPage } from './pages/login.page';

/**
 * Governed configuration in Chromium with four-eyes on: one admin's route change waits, the
 * author cannot approve it, a second admin sees its diff and approves it, and the route's
 * History shows who changed it and who approved it.
 */
describe('configuration history and four-eyes in Chromium', () => {
  let t: ApiServer;
  let browser: Awaited<ReturnType<typeof launchPage>>;
  let page: Page;
  const author = { email: 'author@example.com', password: 'author-e2e-pw', name: 'Author' };
  const second = { email: 'second@example.com', password: 'second-e2e-pw', name: 'Second' };

  const api = async (user: { email: string; password: string }, method: string, path: string, body?: unknown) => {
    const login = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as { id?: string } | null };
  };

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({ CLOSEWATCH_CONFIG_APPROVAL: 'true' });
    await t.createUser({ ...author, role: 'admin' });
    await t.createUser({ ...second, role: 'admin' });
    expect((await api(author, 'POST', '/api/v1/alert-receivers', { name: 'ops', kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' })).status).toBe(
      201,
    );
    browser = await launchPage();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('holds a route change for a second admin, who approves it from its diff; History shows both', async () => {
    const asked = await api(author, 'POST', '/api/v1/alert-routes', { name: 'ap-oncall', order: 10, match: { severity: 'critical' }, receivers: ['ops'] });
    expect(asked.status).toBe(202);

    await new LoginPage(page).signInAt(t.url, author);
    await page.goto(`${t.url}/admin`);
    const row = page.locator(`[data-testid="config-change-row"][data-id="${asked.body!.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('change-approve').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await new LoginPage(page).signInAt(t.url, second);
    await page.goto(`${t.url}/admin`);
    await row.getByTestId('change-show').click();
    await page.getByTestId('config-change-diff').waitFor();
    expect(await page.getByTestId('config-change-diff').innerText()).toContain('critical');
    await row.getByTestId('change-approve').click();
    await page.locator(`[data-testid="config-change-row"][data-id="${asked.body!.id}"]`).waitFor({ state: 'detached' });

    await page.goto(`${t.url}/alerts`);
    await page.locator('[data-testid="route-row"][data-name="ap-oncall"]').getByTestId('route-history').click();
    const history = page.getByTestId('config-history');
    await history.getByTestId('version-row').first().waitFor();
    const text = await history.innerText();
    expect(text).toContain(author.email);
    expect(text).toContain(second.email);
    expect(browser.pageErrors).toEqual([]);
  });
});
