import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { type LoopbackReceiver, startReceiver } from '../apps/api/test/support/loopback-receiver';
import { requireBuiltDashboard, startApiServer, type ApiServer } from './support/api-server';
import { postRefusedInvoice } from './support/refused-invoice';
import { AlertsPage, expandAttempts } from './pages/alerts.page';
import { type Browser, launchChromium } from './pages/browser';
import { LoginPage } from './pages/login.page';

/**
 * On-call as a new user meets it, in headless Chromium against the built server with its
 * schedulers on: an admin configures a PagerDuty-format receiver (a local one on loopback) and a
 * route in the Alerts page, a fault posted through the ingest API pages it once, acknowledging
 * the incident in the browser sends `acknowledge`, resolving its exception sends `resolve`. A
 * second receiver refuses everything: its failed delivery appears live in the Alerts page's
 * delivery log, and both logs expand into each notification's attempts.
 */
describe('alerts to on-call in Chromium', () => {
  const ROOT = join(__dirname, '..');
  const FLOW = 'coupa-to-oracle-invoices';
  const ana = { email: 'ana.oncall@example.com', password: 'ana-e2e-password', name: 'Ana Oncall', role: 'admin' as const };
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  let pd: LoopbackReceiver;
  let hook: LoopbackReceiver;
  let ingestKey: string;

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1', CLOSEWATCH_ALERT_POLL_MS: '200' });
    await t.createUser(ana);
    const admin = await t.tokenFor('admin');
    const put = await fetch(`${t.url}/api/v1/catalog`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/yaml' },
      body: readFileSync(join(ROOT, 'apps', 'simulator', 'demo-catalog.yaml'), 'utf8'),
    });
    if (put.status !== 200) throw new Error(`demo catalog import failed: ${put.status} ${await put.text()}`);
    ingestKey = await t.ingestKey(['events']);
    pd = await startReceiver(() => ({ status: 202 }));
    hook = await startReceiver(() => ({ status: 400, body: 'bad signature' }));
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await pd?.close();
    await hook?.close();
    await t?.close();
  });

  /** The PagerDuty events of real incidents (the receiver test's made-up incident left out), as (action, dedup key). */
  const pages = () =>
    pd.received.filter((r) => !String(r.body.dedup_key).endsWith('00000000-0000-0000-0000-000000000000')).map((r) => [r.body.event_action, r.body.dedup_key]);

  async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(pages())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('configures a PagerDuty receiver and a route in the browser, pages once, acknowledges from the incident page and resolves', async () => {
    await page.goto(`${t.url}/login`);
    await new LoginPage(page).signIn(ana.email, ana.password);
    await page.getByTestId('current-user').filter({ hasText: ana.name }).waitFor();

    const alerts = new AlertsPage(page, t.url);
    await alerts.goto();
    await alerts.addPagerDutyReceiver('pd-ap', `${pd.url}/v2/enqueue`, 'e2e-routing-key-0123456789abcdef');
    expect(await alerts.receiver('pd-ap').innerText()).not.toContain('e2e-routing-key');
    expect(await alerts.test('pd-ap')).toMatch(/^202 in \d+ ms$/);
    // A second receiver that refuses every request: its deliveries fail and show in the delivery log.
    const created = await fetch(`${t.url}/api/v1/alert-receivers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.tokenFor('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ap-hook', kind: 'webhook', url: `${hook.url}/in`, secret: 'e2e-secret' }),
    });
    expect(created.status).toBe(201);
    await alerts.addRoute({ name: 'ap-oncall', order: 10, receivers: 'pd-ap, ap-hook', match: JSON.stringify({ flow: FLOW }), groupWaitSeconds: 0 });

    // Oracle refuses an invoice: the evaluator raises a delivery failure, its incident pages.
    await postRefusedInvoice(t.url, ingestKey, 'INV-ONCALL-1', 'target_rejected');
    const [[, dedupKey]] = await until('the page', () => (pages().length ? pages() : undefined));
    const incidentId = String(dedupKey).replace(/^closewatch:/, '');
    expect(pages()).toEqual([['trigger', `closewatch:${incidentId}`]]);
    expect(await alerts.dryRun(incidentId)).toContain('ap-oncall → pd-ap, ap-hook');

    // The delivery log (pending and failed) shows the refused delivery as it happens, without a reload, with its attempt.
    const refused = alerts.deliveryLogRow('ap-hook', 'failed');
    await refused.waitFor({ timeout: 15_000 });
    const [attempt] = await expandAttempts(refused);
    expect(attempt).toMatchObject({ statusCode: '400', outcome: 'failed' });
    expect(attempt!.text).toContain('400 Bad Request: bad signature');
    expect(await alerts.deliveryLogRow('pd-ap', 'delivered').count()).toBe(0);

    // Acknowledge in the browser: mirrored to PagerDuty, and the incident page shows its notifications.
    await page.goto(`${t.url}/incidents/${incidentId}`);
    await page.getByTestId('incident-detail-page').waitFor();
    await page.getByTestId('incident-acknowledge').click();
    await page
      .getByTestId('incident-status')
      .filter({ hasText: /acknowledged/i })
      .waitFor();
    await until('the acknowledge', () => (pages().length >= 2 ? true : undefined));
    await page
      .locator('[data-testid="notification-row"][data-receiver="pd-ap"][data-action="acknowledge"][data-status="delivered"]')
      .waitFor({ timeout: 15_000 });
    const trigger = page.locator('[data-testid="notification-row"][data-receiver="pd-ap"][data-action="trigger"]');
    expect(await trigger.getAttribute('data-status')).toBe('delivered');
    expect((await expandAttempts(trigger)).map((a) => [a.statusCode, a.outcome])).toEqual([['202', 'delivered']]);

    // Resolving its exception resolves the incident and the page.
    const ops = await t.tokenFor('it_ops');
    const list = (await (await fetch(`${t.url}/api/v1/exceptions?incident=${incidentId}`, { headers: { authorization: `Bearer ${ops}` } })).json()) as {
      items: { id: string }[];
    };
    expect(list.items).toHaveLength(1);
    for (const x of list.items) {
      const res = await fetch(`${t.url}/api/v1/exceptions/${x.id}/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'fixed' }),
      });
      expect(res.status).toBe(200);
    }
    await until('the resolve', () => (pages().length >= 3 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));
    expect(pages()).toEqual([
      ['trigger', `closewatch:${incidentId}`],
      ['acknowledge', `closewatch:${incidentId}`],
      ['resolve', `closewatch:${incidentId}`],
    ]);
  });
});
