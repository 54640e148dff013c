import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { type BusinessEvent } from '@closewatch/contracts/events';
import { startTestApp, type TestApp } from '../apps/api/test/test-app';
import { UsersService } from '../apps/api/src/auth/users.service';
import { ExceptionsService } from '../apps/api/src/exceptions/exceptions.service';
import { seriousA11yViolations } from './pages/accessibility';
import { type Browser, launchChromium } from './pages/browser';
import { LoginPage } from './pages/login.page';
import { OverviewPage } from './pages/overview.page';

/**
 * Every page of the built dashboard, as an admin sees it with data on it, checked by axe-core in
 * real Chromium: no serious or critical WCAG 2.1 A/AA violation (missing labels and names, low
 * contrast, broken landmarks), under the same Content-Security-Policy as in production.
 */
describe('dashboard accessibility in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const admin = { email: 'a11y-admin@example.com', password: 'a11y-e2e-password', name: 'A11y Admin' };
  const flow = 'e2e-a11y-coupa-to-netsuite';
  const cspViolations: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    if (!existsSync(join(t.config.webDir, 'index.html'))) {
      throw new Error(`The dashboard is not built in ${t.config.webDir}: run npx nx run web:build (npm test builds it first)`);
    }
    await t.app.get(UsersService).create({ ...admin, role: 'admin' });
    const ingestKey = await t.ingestKey(['events']);
    const event = (id: string, recordKey: string, over: Partial<BusinessEvent> = {}): BusinessEvent => ({
      id,
      flow,
      recordKey,
      recordType: 'invoice',
      stage: 'emitted',
      system: 'coupa',
      occurredAt: new Date().toISOString(),
      amount: '990.00',
      currency: 'EUR',
      entity: 'DE01',
      period: '2026-11',
      ...over,
    });
    const events = [
      event('a11y-1', 'INV-A11Y-1'),
      event('a11y-2', 'INV-A11Y-1', { stage: 'posted', system: 'netsuite', dataStatus: 'posted' }),
      event('a11y-3', 'INV-A11Y-2', { stage: 'failed', system: 'netsuite', error: { class: 'mapping', code: 'CC-404', message: 'unknown cost centre' } }),
    ];
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    await t.app.get(ExceptionsService).recordFinding({ type: 'delivery_failure', flow, recordKey: 'INV-A11Y-2', cause: 'transient', amount: '990.00', currency: 'EUR' });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
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
    expect(navPaths).toEqual(expect.arrayContaining(['/', '/flows', '/exceptions', '/incidents', '/reconciliations', '/close', '/lineage', '/traces', '/admin']));
    const paths = [...navPaths, `/flows/${flow}`, '/lineage?recordKey=INV-A11Y-1', '/reconciliations/new', '/no-such-page'];
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

  it('ran axe without relaxing the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
