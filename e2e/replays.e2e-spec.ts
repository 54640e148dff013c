import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { DEMO_REPLAY_RECEIVER } from '@closewatch/contracts/replays';
import { type LoopbackReceiver, startReceiver } from '../apps/api/test/support/loopback-receiver';
import { requireBuiltDashboard, startApiServer, type ApiServer } from './support/api-server';
import { postRefusedInvoice } from './support/refused-invoice';
import { type Browser, launchChromium } from './pages/browser';
import { ExceptionsPage } from './pages/exceptions.page';
import { LoginPage } from './pages/login.page';

/**
 * Replay as an IT engineer meets it, in headless Chromium against the built server with its
 * schedulers on: a refused invoice becomes a delivery failure; Replay in the exception drawer
 * sends the signed request to the middleware (a local receiver on loopback), which posts the
 * record again with `finance.replay.id`; the exception resolves itself as `replayed` on screen.
 */
describe('replay requests in Chromium', () => {
  const ROOT = join(__dirname, '..');
  const FLOW = 'coupa-to-oracle-invoices';
  const ivan = { email: 'ivan.it@example.com', password: 'ivan-e2e-password', name: 'Ivan It', role: 'it_ops' as const };
  const fiona = { email: 'fiona.fin@example.com', password: 'fiona-e2e-password', name: 'Fiona Fin', role: 'finance_ops' as const };
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  let mw: LoopbackReceiver;
  let ingestKey: string;

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1', CLOSEWATCH_ALERT_POLL_MS: '200' });
    await t.createUser(ivan);
    await t.createUser(fiona);
    const admin = await t.tokenFor('admin');
    // The demo catalog's flows name the demo middleware; here a local receiver plays it.
    // Materiality USD 1,000 on the flow: one refused invoice of USD 1,250 replayed in bulk needs four eyes.
    const catalog = readFileSync(join(ROOT, 'apps', 'simulator', 'demo-catalog.yaml'), 'utf8')
      .replaceAll(`replay: { receiver: ${DEMO_REPLAY_RECEIVER} }`, 'replay: { receiver: middleware }')
      .replace(/(- id: coupa-to-oracle-invoices\n[\s\S]*?materiality: \{ amount: )'10000.00'/, "$1'1000.00'");
    const put = await fetch(`${t.url}/api/v1/catalog`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/yaml' },
      body: catalog,
    });
    if (put.status !== 200) throw new Error(`catalog import failed: ${put.status} ${await put.text()}`);
    ingestKey = await t.ingestKey(['events']);
    // The middleware: accepts the request, then sends the record again, naming the replay request.
    mw = await startReceiver((r) => {
      setTimeout(() => {
        const body = r.body as { replayRequestId: string; recordKey: string };
        void fetch(`${t.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
          body: JSON.stringify({
            events: [
              {
                id: `replayed-${body.replayRequestId}`,
                flow: FLOW,
                recordKey: body.recordKey,
                recordType: 'invoice',
                stage: 'posted',
                system: 'oracle-fusion',
                occurredAt: new Date().toISOString(),
                attributes: { 'finance.replay.id': body.replayRequestId },
              },
            ],
          }),
        });
      }, 200);
      return { status: 202 };
    });
    const receiver = await fetch(`${t.url}/api/v1/alert-receivers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'middleware', kind: 'webhook', url: `${mw.url}/replay`, secret: 'e2e-replay-secret' }),
    });
    if (receiver.status !== 201) throw new Error(`receiver: ${receiver.status} ${await receiver.text()}`);
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await mw?.close();
    await t?.close();
  });

  it('replays a refused invoice from the drawer and watches the exception resolve itself as replayed', async () => {
    await postRefusedInvoice(t.url, ingestKey, 'INV-REPLAY-1', 'target_rejected');
    await page.goto(`${t.url}/login`);
    await new LoginPage(page).signIn(ivan.email, ivan.password);
    await page.getByTestId('current-user').filter({ hasText: ivan.name }).waitFor();

    const exceptions = new ExceptionsPage(page, t.url);
    await exceptions.goto();
    await exceptions.waitForRowStatus('INV-REPLAY-1', 'open');
    await exceptions.openException('INV-REPLAY-1');
    await exceptions.drawer.getByTestId('exception-replay').click();
    await exceptions.drawer.getByTestId('replay-notice').waitFor();

    await exceptions.waitForDrawerStatus('resolved');
    await exceptions.drawer.locator('[data-testid="replay-row"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
    expect(await exceptions.drawer.getByTestId('exception-replays').innerText()).toMatch(/record posted/);

    expect(mw.received).toHaveLength(1);
    const got = mw.received[0]!;
    expect(got.body).toMatchObject({ version: 1, flow: FLOW, recordKey: 'INV-REPLAY-1', requestedBy: ivan.email });
    expect(got.headers['x-closewatch-signature']).toBe(`sha256=${createHmac('sha256', 'e2e-replay-secret').update(got.raw).digest('hex')}`);
  });

  it('replays an incident above materiality only once a second person approves it', async () => {
    await postRefusedInvoice(t.url, ingestKey, 'INV-APPROVE-1', 'target_rejected');
    const exceptions = new ExceptionsPage(page, t.url);
    await exceptions.goto();
    await exceptions.waitForRowStatus('INV-APPROVE-1', 'open');
    const token = await t.tokenFor('admin');
    const found = (await (await fetch(`${t.url}/api/v1/exceptions?q=INV-APPROVE-1`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { incidentId: string }[];
    };
    const incidentId = found.items[0]!.incidentId;

    await page.goto(`${t.url}/incidents/${incidentId}`);
    const button = page.getByTestId('incident-replay');
    await button.filter({ hasText: 'Replay 1 failed record · 1,250' }).waitFor();
    expect(await button.getAttribute('data-needs-approval')).toBe('true');
    await button.click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.innerText()).toMatch(/second person must approve/);
    await page.getByTestId('confirm-accept').click();
    await page.getByTestId('incident-replay-notice').filter({ hasText: "wait for a second person's approval" }).waitFor();

    await page.goto(`${t.url}/replays?status=pending_approval`);
    const row = page.locator('[data-testid="replay-row"][data-status="pending_approval"]');
    await row.waitFor();
    expect(await row.getByTestId('replay-approve').isDisabled()).toBe(true);
    expect(mw.received.filter((r) => (r.body as { recordKey: string }).recordKey === 'INV-APPROVE-1')).toHaveLength(0);

    const second = await launchChromium();
    try {
      const other = await second.context.newPage();
      await other.goto(`${t.url}/login`);
      await new LoginPage(other).signIn(fiona.email, fiona.password);
      await other.getByTestId('current-user').filter({ hasText: fiona.name }).waitFor();
      await other.goto(`${t.url}/replays?status=pending_approval`);
      await other.locator('[data-testid="replay-row"][data-status="pending_approval"]').getByTestId('replay-approve').click();
      await other.goto(`${t.url}/replays`);
      await other.locator('[data-testid="replay-row"][data-status="succeeded"]').filter({ hasText: 'INV-APPROVE-1' }).waitFor({ timeout: 20_000 });
    } finally {
      await second.close();
    }
    const sent = mw.received.filter((r) => (r.body as { recordKey: string }).recordKey === 'INV-APPROVE-1');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ flow: FLOW, requestedBy: ivan.email });
  });
});
