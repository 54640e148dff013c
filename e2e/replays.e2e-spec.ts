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
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  let mw: LoopbackReceiver;
  let ingestKey: string;

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1', CLOSEWATCH_ALERT_POLL_MS: '200' });
    await t.createUser(ivan);
    const admin = await t.tokenFor('admin');
    // The demo catalog's flows name the demo middleware; here a local receiver plays it.
    const catalog = readFileSync(join(ROOT, 'apps', 'simulator', 'demo-catalog.yaml'), 'utf8').replaceAll(
      `replay: { receiver: ${DEMO_REPLAY_RECEIVER} }`,
      'replay: { receiver: middleware }',
    );
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
});
