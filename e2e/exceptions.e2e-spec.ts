import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { type BusinessEvent, type EventsResponse } from '@closewatch/contracts/events';
import { type Role } from '@closewatch/contracts/roles';
import { requireBuiltDashboard, startApiServer, type ApiServer } from './support/api-server';
import { type Browser, launchChromium } from './pages/browser';
import { ExceptionsPage } from './pages/exceptions.page';
import { FlowDetailPage } from './pages/flow-detail.page';
import { IncidentsPage } from './pages/incidents.page';
import { LoginPage } from './pages/login.page';

/**
 * The exception workflow in the built dashboard, in real headless Chromium against the real
 * server: faults posted through the ingest API become exceptions once the server's sync-health
 * scheduler has evaluated them (about a second after they arrive), and appear in the queue without a reload; one is assigned, acknowledged,
 * commented on and resolved by clicks; a material one is dismissed by one person and approved
 * by another; a late record resolves itself live when its posting lands.
 */
describe('exception workflow in Chromium', () => {
  const ROOT = join(__dirname, '..');
  const FLOW = 'coupa-to-oracle-invoices'; // demo catalog: SLO 15 min, materiality 10,000.00 USD
  const users: Record<'ana' | 'ben' | 'audrey', { email: string; password: string; name: string; role: Role }> = {
    ana: { email: 'ana.ops@example.com', password: 'ana-e2e-password', name: 'Ana Ops', role: 'admin' },
    ben: { email: 'ben.finance@example.com', password: 'ben-e2e-password', name: 'Ben Finance', role: 'finance_ops' },
    audrey: { email: 'audrey.audit@example.com', password: 'audrey-e2e-password', name: 'Audrey Audit', role: 'auditor' },
  };
  const KEYS = { failed: 'INV-E2E-FAIL', unmapped: 'INV-E2E-MAP', big: 'INV-E2E-BIG', late: 'INV-E2E-LATE', rejected: 'INV-E2E-REJ' };
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  let queue: ExceptionsPage;
  let ingestKey: string;
  let seq = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltDashboard();
    // The schedulers run as in production: the evaluator picks up posted hops by itself.
    t = await startApiServer({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1' });
    for (const u of Object.values(users)) await t.createUser(u);
    const admin = await t.tokenFor('admin');
    const put = await fetch(`${t.url}/api/v1/catalog`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/yaml' },
      body: readFileSync(join(ROOT, 'apps', 'simulator', 'demo-catalog.yaml'), 'utf8'),
    });
    if (put.status !== 200) throw new Error(`demo catalog import failed: ${put.status} ${await put.text()}`);
    ingestKey = await t.ingestKey(['events']);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    queue = new ExceptionsPage(page, t.url);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

  /** One step of an invoice on its way from Coupa through AP automation to Oracle Fusion. */
  const step = (recordKey: string, stage: BusinessEvent['stage'], secondsAgo: number, over: Partial<BusinessEvent> = {}): BusinessEvent => ({
    id: `e2e-exc-${++seq}`,
    flow: FLOW,
    recordKey,
    recordType: 'invoice',
    stage,
    system: stage === 'emitted' ? 'coupa' : stage === 'posted' ? 'oracle-fusion' : 'ap-automation',
    occurredAt: ago(secondsAgo),
    amount: '1250.00',
    currency: 'USD',
    entity: 'US01',
    period: ago(0).slice(0, 7),
    ...over,
  });

  async function postEvents(events: BusinessEvent[]): Promise<void> {
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({ events }),
    });
    const body = (await res.json()) as EventsResponse;
    expect([res.status, body.accepted, body.rejected]).toEqual([200, events.length, []]);
  }

  async function signInAs(who: keyof typeof users): Promise<void> {
    const login = new LoginPage(page);
    if ((await page.getByTestId('sign-out').count()) > 0) {
      await page.getByTestId('sign-out').click();
      await login.form.waitFor();
    } else {
      await page.goto(`${t.url}/login`);
    }
    await login.signIn(users[who].email, users[who].password);
    await page.getByTestId('current-user').filter({ hasText: users[who].name }).waitFor();
  }

  const notReloaded = () => page.evaluate(() => (globalThis as { closewatchNoReload?: boolean }).closewatchNoReload === true);

  it('shows the exceptions of faults posted through the ingest API in the queue, without a reload', async () => {
    await signInAs('ana');
    await queue.goto();
    await page.evaluate(() => Object.assign(globalThis, { closewatchNoReload: true }));
    expect(await queue.rows.count()).toBe(0);

    await postEvents([
      // Oracle refuses the invoice: a delivery failure.
      step(KEYS.failed, 'emitted', 300),
      step(KEYS.failed, 'received', 290),
      step(KEYS.failed, 'failed', 280, {
        system: 'oracle-fusion',
        error: { class: 'target_rejected', code: 'AP-409', message: 'Supplier site SS-77 is inactive' },
      }),
      // GL coding finds no mapping for the cost centre: an unmapped dimension value.
      step(KEYS.unmapped, 'emitted', 260, { amount: '830.10' }),
      step(KEYS.unmapped, 'transformed', 250, {
        amount: '830.10',
        error: { class: 'mapping', code: 'UNMAPPED_COST_CENTRE', message: 'No mapping for cost centre CC-9911' },
      }),
      // Oracle is down for a material invoice: retried, then dead-lettered.
      step(KEYS.big, 'emitted', 240, { amount: '48500.00' }),
      step(KEYS.big, 'dead_lettered', 200, {
        amount: '48500.00',
        error: { class: 'transient', code: '503', message: 'Oracle Fusion unavailable after 4 attempts' },
      }),
      // Another refusal, for the bulk actions.
      step(KEYS.rejected, 'emitted', 180, { amount: '99.99' }),
      step(KEYS.rejected, 'failed', 170, {
        amount: '99.99',
        system: 'oracle-fusion',
        error: { class: 'target_rejected', code: 'AP-410', message: 'Invoice number already used' },
      }),
      // Received half an hour ago and never posted: past the 15-minute SLO.
      step(KEYS.late, 'emitted', 1800, { amount: '2400.00' }),
      step(KEYS.late, 'received', 1790, { amount: '2400.00' }),
    ]);

    for (const key of Object.values(KEYS)) await queue.row(key).waitFor();
    const types = await queue.rows.evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-record-key'), r.getAttribute('data-type')])));
    expect(types).toEqual({
      [KEYS.failed]: 'delivery_failure',
      [KEYS.unmapped]: 'unmapped_dimension',
      [KEYS.big]: 'delivery_failure',
      [KEYS.rejected]: 'delivery_failure',
      [KEYS.late]: 'sync_delay',
    });
    expect(await queue.row(KEYS.big).getByTestId('severity-badge').getAttribute('data-severity')).toMatch(/^(high|critical)$/);
    await page.locator('[data-testid="aging-count"]').first().filter({ hasText: /^5$/ }).waitFor();
    expect(await notReloaded()).toBe(true);
  });

  it('assigns, acknowledges, comments on and resolves an exception by clicks, and shows its history', async () => {
    await queue.openException(KEYS.failed);
    expect(await queue.drawer.getByTestId('drawer-detail').innerText()).toBe('Supplier site SS-77 is inactive');

    await queue.assignTo(users.ben.email);
    await queue.drawer.getByTestId('drawer-assignee').filter({ hasText: 'Ben Finance' }).waitFor();
    await queue.row(KEYS.failed).getByTestId('row-assignee').filter({ hasText: 'Ben Finance' }).waitFor();
    await queue.acknowledge();
    await queue.comment('Supplier site reactivated in Oracle; replaying the invoice.');
    await queue.resolve('replayed', 'Replayed from AP automation after the site was reactivated');

    expect(await queue.drawer.getByTestId('drawer-resolution').innerText()).toMatch(/Replayed[\s\S]*ana\.ops@example\.com[\s\S]*Replayed from AP automation/);
    expect(await queue.history()).toEqual([
      { action: 'created', actor: 'Closewatch (evaluator:sync-health)' },
      { action: 'assigned', actor: users.ana.email },
      { action: 'acknowledged', actor: users.ana.email },
      { action: 'resolved', actor: users.ana.email },
    ]);
    // Resolved leaves the unresolved queue, live.
    await queue.row(KEYS.failed).waitFor({ state: 'detached' });
    expect(await notReloaded()).toBe(true);
  });

  it('acts on selected rows at once, and names the exceptions the server refuses', async () => {
    await page.getByTestId('drawer-close').click();
    await queue.select([KEYS.unmapped, KEYS.rejected]);
    expect(await page.getByTestId('bulk-count').innerText()).toBe('2 selected');
    await page.getByTestId('bulk-acknowledge').click();
    await page.getByTestId('bulk-notice').filter({ hasText: 'Acknowledged 2 exceptions.' }).waitFor();
    await queue.waitForRowStatus(KEYS.unmapped, 'acknowledged');
    await queue.waitForRowStatus(KEYS.rejected, 'acknowledged');

    // Acknowledging them again is refused as a whole, naming both.
    await queue.select([KEYS.unmapped, KEYS.rejected]);
    await page.getByTestId('bulk-acknowledge').click();
    const error = page.getByTestId('bulk-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toMatch(/2 of 2 exceptions cannot be acknowledged; nothing was changed/);
    expect(text).toContain(`${KEYS.unmapped}: the exception is already acknowledged`);
    expect(text).toContain(`${KEYS.rejected}: the exception is already acknowledged`);
  });

  it('shows the flow with its sync status, failures by error class, the late record in flight and its open exceptions', async () => {
    const flow = new FlowDetailPage(page, t.url);
    await flow.goto(FLOW);
    // Nothing of the flow ever posted while a record waits past its SLO.
    expect(await flow.status.getAttribute('data-status')).toBe('stale');
    expect(await flow.reason.innerText()).toMatch(/^nothing ever posted while 1 record waits past the SLO of 15m$/);
    expect(await flow.reasonCodes()).toEqual(expect.arrayContaining(['no_posting_while_delayed', 'in_flight_past_slo', 'errors_in_window', 'dead_letters']));
    expect(await flow.errorClassCount('target_rejected').innerText()).toBe('2');
    expect(await flow.errorClassCount('mapping').innerText()).toBe('1');
    expect(await flow.inFlightRow(KEYS.late).getAttribute('data-past-slo')).toBe('true');
    await flow.openException(KEYS.unmapped).waitFor();
    expect(await flow.openException(KEYS.failed).count()).toBe(0);

    await flow.openQueue();
    await queue.root.waitFor();
    expect(new URL(page.url()).searchParams.get('flow')).toBe(FLOW);
    await queue.row(KEYS.late).waitFor();
  });

  it('lists the incident of the unmapped cost centre with its exceptions, linking to the exception drawer', async () => {
    const incidents = new IncidentsPage(page, t.url);
    await incidents.goto();
    await incidents.row(FLOW, 'UNMAPPED_COST_CENTRE').waitFor();
    await incidents.row(FLOW, 'target_rejected').waitFor();
    await incidents.open(FLOW, 'UNMAPPED_COST_CENTRE');
    await incidents.exception(KEYS.unmapped).getByTestId('incident-exception-link').click();
    await queue.drawer.getByTestId('drawer-record-key').filter({ hasText: KEYS.unmapped }).waitFor();
    expect(new URL(page.url()).searchParams.get('incident')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('dismissing a material exception needs a second person: Ana asks, Ben approves', async () => {
    await queue.goto();
    const id = await queue.rowId(KEYS.big);
    await queue.openException(KEYS.big);
    // Without a reason the server refuses, and says why next to the form.
    await queue.dismiss('');
    expect(await queue.drawer.getByTestId('workflow-error').innerText()).toMatch(/reason.*required/i);
    await queue.drawer.getByTestId('dismiss-reason').fill('Duplicate of an invoice already paid by cheque');
    await queue.drawer.getByTestId('dismiss-submit').click();
    await queue.drawer.getByTestId('pending-dismissal').waitFor();
    await queue.waitForDrawerStatus('open');
    expect(await queue.drawer.getByTestId('action-approve-dismissal').isDisabled()).toBe(true);
    expect(await queue.drawer.getByTestId('approval-hint').innerText()).toMatch(/second person/);

    await signInAs('ben');
    await queue.goto(`?open=${id}`);
    await queue.waitForDrawerStatus('open');
    await queue.drawer.getByTestId('action-approve-dismissal').click();
    await queue.waitForDrawerStatus('dismissed');
    expect((await queue.history()).slice(-2)).toEqual([
      { action: 'dismissal_requested', actor: users.ana.email },
      { action: 'dismissed', actor: users.ben.email },
    ]);
    expect(await queue.drawer.getByTestId('drawer-dismissal').innerText()).toMatch(/approved by ben\.finance@example\.com/);
  });

  it('resolves a late record by itself, live, when its posting lands', async () => {
    await queue.goto('?status=all');
    await page.evaluate(() => Object.assign(globalThis, { closewatchNoReload: true }));
    await queue.waitForRowStatus(KEYS.late, 'open');
    await queue.openException(KEYS.late);

    await postEvents([step(KEYS.late, 'posted', 0, { amount: '2400.00', dataStatus: 'posted' })]);

    await queue.waitForRowStatus(KEYS.late, 'resolved');
    await queue.waitForDrawerStatus('resolved');
    await queue.waitForHistory('auto_resolved');
    expect((await queue.history()).at(-1)).toEqual({ action: 'auto_resolved', actor: 'Closewatch (evaluator:sync-health)' });
    expect(await queue.drawer.locator('[data-action="auto_resolved"]').innerText()).toContain('record posted');
    expect(await notReloaded()).toBe(true);
  });

  it("follows a flow's sync status live when the evaluator finds it changed", async () => {
    const flow = new FlowDetailPage(page, t.url);
    const PO_FLOW = 'coupa-to-oracle-purchase-orders';
    await flow.goto(PO_FLOW);
    await flow.waitForStatus('healthy');
    await page.evaluate(() => Object.assign(globalThis, { closewatchNoReload: true }));
    // Every other hop fails: half the hops are errors.
    await postEvents([
      step('PO-E2E-1', 'emitted', 60, { flow: PO_FLOW, recordType: 'po' }),
      step('PO-E2E-1', 'failed', 50, {
        flow: PO_FLOW,
        recordType: 'po',
        system: 'mulesoft',
        error: { class: 'transient', code: '504', message: 'Oracle purchasing timed out' },
      }),
    ]);
    await flow.waitForStatus('failing');
    expect(await flow.reason.innerText()).toBe('1 of 2 hops failed in the window (50%)');
    expect(await notReloaded()).toBe(true);
  });

  it('exports the filtered queue as CSV', async () => {
    await queue.goto(`?status=all&flow=${FLOW}`);
    await queue.row(KEYS.failed).waitFor();
    const download = await queue.exportCsv();
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + Object.keys(KEYS).length);
    for (const key of Object.values(KEYS)) expect(csv).toContain(key);
  });

  it('lets an auditor read the queue and the drawer, with no way to act', async () => {
    await signInAs('audrey');
    await queue.goto('?status=all');
    await queue.openException(KEYS.unmapped);
    await queue.drawer.getByTestId('read-only-note').waitFor();
    expect(await queue.drawer.getByTestId('exception-workflow').count()).toBe(0);
    expect(await page.getByTestId('select-row').count()).toBe(0);
    expect(await queue.drawer.getByTestId('comment-text').count()).toBe(0);
    expect((await queue.history()).length).toBeGreaterThan(0);
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
