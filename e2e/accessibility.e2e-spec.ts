import { type Page } from 'playwright-core';
import { type BusinessEvent } from '@closewatch/contracts/events';
import { type ApiServer, requireBuiltDashboard, startApiServer } from './support/api-server';
import { seriousA11yViolations } from './pages/accessibility';
import { type Browser, launchChromium, recordCspViolations } from './pages/browser';
import { LoginPage } from './pages/login.page';
import { OverviewPage } from './pages/overview.page';

/**
 * Every page of the built dashboard, as an admin sees it with data on it, checked by axe-core in
 * real Chromium: no serious or critical WCAG 2.1 A/AA violation (missing labels and names, low
 * contrast, broken landmarks), under the same Content-Security-Policy as in production. The
 * server is the built one in a child process, fed over HTTP (a black box).
 */
describe('dashboard accessibility in Chromium', () => {
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  const admin = { email: 'a11y-admin@example.com', password: 'a11y-e2e-password', name: 'A11y Admin' };
  const flow = 'e2e-a11y-coupa-to-netsuite';
  let cspViolations: string[] = [];

  beforeAll(async () => {
    requireBuiltDashboard();
    // Schedulers on, as in production: the evaluator raises the failed delivery as an exception.
    t = await startApiServer({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1' });
    await t.createUser({ ...admin, role: 'admin' });
    // The flow is catalogued as moving cash, feeding a board metric and the close of DE01, so the impact pages and the readiness matrix have rows.
    const adminToken = await t.tokenFor('admin');
    const post = (path: string, body: unknown) =>
      fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const id of ['coupa', 'netsuite']) expect((await post('/api/v1/systems', { id, name: id, kind: 'erp' })).status).toBe(201);
    const catalogued = await post('/api/v1/flows', {
      id: flow,
      name: 'A11y invoices',
      sourceSystem: 'coupa',
      targetSystem: 'netsuite',
      pattern: 'event',
      workflow: 'order_to_cash',
      slo: { maxLagSeconds: 900 },
      impacts: ['close', 'cash', 'board_metric'],
      boardMetrics: ['ARR'],
      entities: ['DE01'],
      materiality: { amount: '500.00', currency: 'USD' },
    });
    expect(catalogued.status).toBe(201);
    const ingestKey = await t.ingestKey(['events']);
    const at = new Date().toISOString();
    const money = { amount: '990.00', currency: 'EUR', entity: 'DE01', period: '2026-11' };
    const event = (id: string, recordKey: string, stage: BusinessEvent['stage'], over: Partial<BusinessEvent> = {}): BusinessEvent => ({
      id,
      flow,
      recordKey,
      recordType: 'invoice',
      stage,
      system: 'netsuite',
      occurredAt: at,
      ...money,
      ...over,
    });
    const events = [
      event('a11y-1', 'INV-A11Y-1', 'emitted', { system: 'coupa' }),
      event('a11y-2', 'INV-A11Y-1', 'posted', { dataStatus: 'posted' }),
      event('a11y-3', 'INV-A11Y-2', 'failed', { error: { class: 'mapping', code: 'CC-404', message: 'unknown cost centre' } }),
    ];
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    const token = await t.tokenFor('viewer');
    for (let tries = 0; ; tries++) {
      const list = (await (await fetch(`${t.url}/api/v1/exceptions?flow=${flow}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        items: unknown[];
      };
      if (list.items.length > 0) break;
      if (tries > 300) throw new Error('the evaluator raised no exception for the failed delivery');
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    cspViolations = recordCspViolations(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Waits until the page shows its heading and no spinner (lazy chunk and first answers in). */
  async function settle(): Promise<void> {
    await page.locator('main h1').first().waitFor({ timeout: 10_000 });
    const spinners = page.locator('[role="status"].loading');
    while ((await spinners.count()) > 0) await spinners.first().waitFor({ state: 'detached', timeout: 10_000 });
  }

  it('finds nothing serious on the sign-in page', async () => {
    await page.goto(`${t.url}/login`);
    await new LoginPage(page).form.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('finds nothing serious on any page of the navigation, nor on the detail pages', async () => {
    await new LoginPage(page).signIn(admin.email, admin.password);
    await new OverviewPage(page).waitUntilLive();
    const navPaths: string[] = [];
    for (const link of await page.locator('nav[aria-label="Main"] a').all()) navPaths.push((await link.getAttribute('href')) ?? '');
    expect(navPaths).toEqual(
      expect.arrayContaining(['/', '/flows', '/exceptions', '/incidents', '/reconciliations', '/close', '/lineage', '/traces', '/audit', '/admin']),
    );
    expect(navPaths).toEqual(expect.arrayContaining(['/impact/cash', '/impact/board-metrics']));
    const paths = [
      ...navPaths,
      `/flows/${flow}`,
      '/lineage?recordKey=INV-A11Y-1',
      '/reconciliations/new',
      // The period of the failed delivery: a row with its exception, and a metric that is not trustworthy.
      '/impact/cash?period=2026-11',
      '/impact/board-metrics?period=2026-11',
      '/no-such-page',
    ];
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(`${t.url}${path}`);
      try {
        await settle();
      } catch {
        found.push(`${path}: did not show its heading (or kept loading)`);
        continue;
      }
      found.push(...(await seriousA11yViolations(page)));
    }
    expect(found).toEqual([]);
  });

  it('finds nothing serious in the open exception drawer', async () => {
    await page.goto(`${t.url}/exceptions`);
    await settle();
    const open = page.getByTestId('open-exception').first();
    await open.waitFor();
    await open.click();
    await page.getByTestId('drawer-status').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('finds nothing serious in the close readiness matrix with a cell open', async () => {
    await page.goto(`${t.url}/close?period=2026-11`);
    await settle();
    const cell = page.locator('[data-testid="readiness-cell"][data-entity="DE01"]').first();
    await cell.waitFor();
    await cell.click();
    await page.getByTestId('readiness-history').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('finds nothing serious in an open confirmation dialog, and cancelling it changes nothing', async () => {
    await page.goto(`${t.url}/admin`);
    await settle();
    await page.getByTestId('revoke-key').first().click();
    await page.getByTestId('confirm-dialog').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('revoke-key').count()).toBe(1);
  });

  it('ran axe without relaxing the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
