import { type Page } from 'playwright-core';
import { type BusinessEvent } from '@closewatch/contracts/events';
import { api, finishedRun } from '../apps/api/test/support/recon-fixtures';
import { type ApiServer, requireBuiltDashboard, startApiServer } from './support/api-server';
import { type Browser, launchChromium } from './pages/browser';
import { LineagePage } from './pages/lineage.page';
import { Topbar } from './pages/topbar.page';
import { LoginPage } from './pages/login.page';
import { OverviewPage } from './pages/overview.page';
import { storedSessionToken } from './pages/session-storage';

/**
 * The built dashboard in real headless Chromium against the real server: sign in through the
 * form, watch hops posted over the API arrive in the live feed and the flow's counters move
 * without a reload, then follow the record on the Lineage page. The server is the built one in a
 * child process with its schedulers on (a black box): the evaluator raises exceptions and the
 * reconciliation worker runs queued runs, as in production.
 */
describe('dashboard in Chromium', () => {
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  let ingestKey: string;
  const admin = { email: 'ops-lead@example.com', password: 'dashboard-e2e-pw', name: 'Ops Lead' };
  const viewer = { email: 'reader@example.com', password: 'viewer-e2e-pw' };
  const flow = 'e2e-coupa-to-netsuite-invoices';
  const trace = '5b8efff798038103d269b633813fc60c';
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1', CLOSEWATCH_RECON_POLL_SECONDS: '1' });
    await t.createUser({ ...admin, role: 'admin' });
    ingestKey = await t.ingestKey(['events']);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // Chromium reports what the Content-Security-Policy blocked as console errors.
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function postEvents(events: BusinessEvent[]): Promise<void> {
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({ events }),
    });
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    expect([res.status, body.accepted, body.rejected]).toEqual([200, events.length, []]);
  }

  const event = (id: string, recordKey: string, over: Partial<BusinessEvent> = {}): BusinessEvent => ({
    id,
    flow,
    recordKey,
    recordType: 'invoice',
    stage: 'emitted',
    system: 'coupa',
    occurredAt: new Date().toISOString(),
    amount: '1250.00',
    currency: 'USD',
    entity: 'US01',
    period: '2026-11',
    ...over,
  });

  it('refuses a wrong password with the server message', async () => {
    await page.goto(`${t.url}/`);
    const login = new LoginPage(page);
    await login.signIn(admin.email, 'not-the-password');
    await login.error.waitFor();
    expect(await login.error.innerText()).toMatch(/Email or password is wrong/);
  });

  it('signs in through the form and shows the overview with the live stream connected', async () => {
    await postEvents([event('e2e-1', 'INV-E2E-0001')]);
    const login = new LoginPage(page);
    await login.signIn(admin.email, admin.password);
    const overview = new OverviewPage(page);
    await overview.waitUntilLive();
    expect(new URL(page.url()).pathname).toBe('/');
    await overview.flowRow(flow).waitFor();
    await overview.waitForFlowCell(flow, 'flow-hops', /^1$/);
    expect(await overview.flowRow(flow).getByTestId('unregistered-flow').count()).toBe(1);
    await overview.feedItem('INV-E2E-0001').waitFor();
    expect(await page.getByTestId('nav-admin').count()).toBe(1);
  });

  it("keeps every page of an admin's navigation in sight on a 1,280 px window, panels below the bar", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      const topbar = new Topbar(page);
      expect(await topbar.navLinks.count()).toBeGreaterThanOrEqual(14);
      expect(await topbar.linksOutOfSight()).toEqual([]);
      // The bar wraps to a second row here; sticky panels read its height from --topbar-height.
      await topbar.waitForWrappedHeightPublished();
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('shows hops posted over the API in the live feed and moves the counters without a reload', async () => {
    const overview = new OverviewPage(page);
    // A marker on the window survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(globalThis, { closewatchNoReload: true }));
    expect(await overview.feedItem('INV-E2E-0002').count()).toBe(0);
    expect(await overview.flowCell(flow, 'flow-error-rate')).toMatch(/^0\.0%/);

    await postEvents([
      event('e2e-2', 'INV-E2E-0002', { amount: '1250.00', traceId: trace }),
      event('e2e-3', 'INV-E2E-0002', { stage: 'posted', system: 'netsuite', amount: '1250.40', dataStatus: 'posted', traceId: trace }),
      event('e2e-4', 'INV-E2E-0003', { stage: 'failed', system: 'netsuite', error: { class: 'mapping', code: 'CC-404', message: 'unknown cost centre 4711' } }),
    ]);

    const item = overview.feedItem('INV-E2E-0002').first();
    await item.waitFor();
    expect(await item.getByTestId('hop-flow').innerText()).toBe(flow);
    await overview.feedItem('INV-E2E-0003').waitFor();
    expect(await overview.feedItem('INV-E2E-0003').getByTestId('status-badge').innerText()).toBe('error');
    expect(await overview.feedItem('INV-E2E-0002').getByTestId('hop-amount').allInnerTexts()).toEqual(expect.arrayContaining(['1,250.40 USD']));

    await overview.waitForFlowCell(flow, 'flow-hops', /^4$/);
    await overview.waitForFlowCell(flow, 'flow-error-rate', /^25\.0%/);
    expect(await overview.flowRow(flow).getByTestId('health-badge').getAttribute('data-health')).toBe('degraded');
    expect(await page.evaluate(() => (globalThis as { closewatchNoReload?: boolean }).closewatchNoReload)).toBe(true);
  });

  it('finds the record on the Lineage page, in order, with its amount drift', async () => {
    const overview = new OverviewPage(page);
    await overview.openLineageNav();
    const lineage = new LineagePage(page);
    await lineage.search('INV-E2E-0002');
    expect(new URL(page.url()).searchParams.get('recordKey')).toBe('INV-E2E-0002');
    expect(await lineage.stages()).toEqual(['emitted', 'posted']);
    expect(await lineage.amounts()).toEqual(['1,250.00 USD', '1,250.40 USD']);
    expect(await lineage.drift().innerText()).toContain('+0.40 USD');
  });

  it("shows the record's traces, exceptions and reconciliation breaks on the Lineage page, with links to each", async () => {
    const token = await storedSessionToken(page);
    expect(token).toEqual(expect.any(String));
    const call = (path: string, body: unknown) =>
      fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const get = async <T>(path: string): Promise<T> => (await (await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    // The flow enters the catalog so a zero-configuration telemetry reconciliation can run on it.
    for (const [id, name] of [
      ['coupa', 'Coupa'],
      ['netsuite', 'Netsuite'],
    ]) {
      const system = await call('/api/v1/systems', { id, name, kind: 'erp' });
      expect([201, 409]).toContain(system.status);
    }
    const catalogued = await call('/api/v1/flows', {
      id: flow,
      name: 'E2E invoices',
      sourceSystem: 'coupa',
      targetSystem: 'netsuite',
      pattern: 'event',
      workflow: 'procure_to_pay',
      slo: { maxLagSeconds: 900 },
    });
    expect(catalogued.status).toBe(201);
    // A failed delivery of the record, as production reports it; the evaluator raises it as an
    // exception. Sent for another flow, so this flow's hop counts stay as asserted.
    await postEvents([
      event('e2e-5', 'INV-E2E-0002', {
        flow: 'e2e-coupa-to-netsuite-retries',
        stage: 'failed',
        system: 'netsuite',
        error: { class: 'transient', code: 'HTTP-503', message: 'netsuite unavailable' },
      }),
    ]);
    for (let tries = 0; ; tries++) {
      const list = await get<{ items: { type: string; recordKey: string | null }[] }>('/api/v1/exceptions?recordKey=INV-E2E-0002');
      if (list.items.some((e) => e.type === 'delivery_failure' && e.recordKey === 'INV-E2E-0002')) break;
      if (tries > 300) throw new Error('the evaluator raised no exception for the failed delivery');
      await new Promise((r) => setTimeout(r, 100));
    }
    const created = await call('/api/v1/recons', {
      id: 'e2e-telemetry',
      name: 'E2E emitted vs posted',
      flow,
      source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
      target: { connector: 'telemetry', stage: 'posted', system: 'netsuite' },
      key: ['record_key'],
      compare: [{ field: 'amount', type: 'amount' }, 'currency'],
    });
    expect(created.status).toBe(201);
    const started = await call('/api/v1/recons/e2e-telemetry/runs', {});
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    // The server's reconciliation worker claims the queued run (it polls every second).
    await finishedRun(api(t, token ?? ''), runId);

    await page.reload();
    const lineage = new LineagePage(page);
    await lineage.hops.first().waitFor();
    await lineage.breakRows().first().waitFor();
    expect(await lineage.rowAttributes(lineage.traceRows(), 'data-trace-id')).toEqual([trace]);
    expect(await lineage.traceRows().getByTestId('lineage-trace-open').getAttribute('href')).toBe(`/traces/${trace}`);
    expect(await lineage.rowAttributes(lineage.breakRows(), 'data-type')).toEqual(['amount_mismatch']);
    expect(await lineage.breakRows().getByTestId('lineage-break-differences').innerText()).toContain('amount: 0.4');
    expect(await lineage.breakRows().getByTestId('lineage-break-run').getAttribute('href')).toBe(`/reconciliations/runs/${runId}`);
    expect((await lineage.rowAttributes(lineage.exceptionRows(), 'data-type')).sort()).toEqual(['delivery_failure', 'recon_break']);

    await page.locator('[data-testid="lineage-exception-row"][data-type="delivery_failure"] [data-testid="lineage-exception-open"]').click();
    await page.getByTestId('exception-drawer').getByTestId('drawer-status').waitFor();
    const url = new URL(page.url());
    expect([url.pathname, url.searchParams.get('q'), url.searchParams.get('status')]).toEqual(['/exceptions', 'INV-E2E-0002', 'all']);
    expect(url.searchParams.get('open')).toEqual(expect.any(String));
  });

  it('opens a trace from the Lineage page: its spans and the finance hops that name it', async () => {
    const tracesKey = await t.ingestKey(['traces']);
    const startNano = BigInt(Date.now()) * 1_000_000n;
    const res = await fetch(`${t.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tracesKey}` },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'mulesoft' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: trace,
                    spanId: 'a1b2c3d4e5f60718',
                    name: 'map invoice',
                    kind: 1,
                    startTimeUnixNano: String(startNano),
                    endTimeUnixNano: String(startNano + 5_000_000n),
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    await page.goto(`${t.url}/lineage?recordKey=INV-E2E-0002`);
    await new LineagePage(page).traceRows().getByTestId('lineage-trace-open').click();
    await page.getByTestId('trace-waterfall').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/traces/${trace}`);
    expect(await page.getByTestId('trace-span').allInnerTexts()).toEqual([expect.stringContaining('map invoice')]);
    expect(await page.getByTestId('trace-hops-panel').locator('tbody tr').count()).toBe(2);
  });

  it('lists the flow in the catalog and its recent hops on the flow page', async () => {
    await page.getByTestId('nav-flows').click();
    const row = page.locator(`[data-testid="catalog-flow-row"][data-flow="${flow}"]`);
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'E2E invoices' }).count()).toBe(1);
    await row.getByRole('link', { name: 'E2E invoices' }).click();
    await page.getByTestId('flow-hop-row').first().waitFor();
    expect(await page.getByTestId('flow-hop-row').count()).toBe(4);
    // The runs panel loads on its own; wait for its answer rather than reading it mid-load.
    await page.getByTestId('flow-runs').getByText('No batch runs reported for this flow.').waitFor();
  });

  it('creates a user and an ingest key on the Admin page, and revokes the key', async () => {
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('new-user-email').fill('analyst@example.com');
    await page.getByTestId('new-user-name').fill('Analyst');
    await page.getByTestId('new-user-role').selectOption('auditor');
    await page.getByTestId('new-user-password').fill('analyst-e2e-pw');
    await page.getByTestId('create-user').click();
    const user = page.locator('[data-testid="user-row"][data-email="analyst@example.com"]');
    await user.waitFor();
    expect(await user.innerText()).toContain('Auditor');

    await page.getByTestId('new-key-name').fill('E2E MuleSoft');
    await page.getByTestId('new-key-flows').fill('coupa-to-oracle-invoices, netsuite-to-anaplan');
    await page.getByTestId('new-key-expires').fill('2099-12-31T23:30');
    await page.getByTestId('create-key').click();
    expect(await page.getByTestId('new-key-secret').innerText()).toMatch(/^cwk/);
    const key = page.locator('[data-testid="ingest-key-row"][data-name="E2E MuleSoft"]');
    await key.waitFor();
    const row = await key.innerText();
    expect(row).toContain('coupa-to-oracle-invoices');
    expect(row).toContain('netsuite-to-anaplan');
    expect(row).toContain('2099-12-31T23:30:00Z');
    await key.getByTestId('revoke-key').click();
    await page.getByTestId('confirm-accept').click();
    await key.getByText('revoked').waitFor();
    expect(await key.getByTestId('revoke-key').count()).toBe(0);
  });

  it('signs out; a viewer gets no Admin page, in the navigation or by address', async () => {
    await page.getByTestId('sign-out').click();
    const login = new LoginPage(page);
    await login.form.waitFor();
    await t.createUser({ email: viewer.email, password: viewer.password, name: 'Read Only', role: 'viewer' });
    await login.signIn(viewer.email, viewer.password);
    await new OverviewPage(page).waitUntilLive();
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${t.url}/admin`);
    await page.getByText('may not open this page').waitFor();
    expect(await page.getByTestId('users-table').count()).toBe(0);
  });

  it('sends the user to the login page when the session is revoked', async () => {
    const token = await storedSessionToken(page);
    expect(token).toEqual(expect.any(String));
    const res = await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    // The server ends the revoked session's live stream at once: the page leaves by itself.
    const login = new LoginPage(page);
    await login.form.waitFor();
    await page.getByText('Your session ended').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await storedSessionToken(page)).toBeNull();
  });

  it('raised no uncaught error in the page, and nothing was blocked by its Content-Security-Policy', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
