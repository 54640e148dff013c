import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Page } from 'playwright-core';
import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { type Page as ApiPage } from '@closewatch/contracts/pagination';
import { requireBuiltDashboard, startApiServer, type ApiServer } from './support/api-server';
import { AuditPage } from './pages/audit.page';
import { type Browser, launchChromium } from './pages/browser';
import { ExceptionsPage } from './pages/exceptions.page';
import { LineagePage } from './pages/lineage.page';
import { LoginPage } from './pages/login.page';

const SIMULATOR = join(__dirname, '..', 'apps', 'simulator', 'dist', 'main.js');
const INGEST_KEY = 'cwk_e2e-audit-demo-key-0123456789abcdef';
const RECORD = 'INV-E2E-AUDIT-1';

/**
 * An auditor's question in the demo, in Chromium: what happened to a record, who resolved its
 * exception, and is the trail intact? A record the simulator fails in Oracle is resolved by a
 * finance user; the auditor follows it from lineage to its trace and its exception's history,
 * finds the resolution in the audit log with its before/after, and verifies the chain. That the
 * auditor can change nothing over the API is proved route by route in
 * apps/api/src/security/access-matrix.int-spec.ts ("lets auditors change nothing").
 */
describe('the audit trail in the demo, as an auditor in Chromium', () => {
  let t: ApiServer;
  let browser: Browser;
  let page: Page;
  let exceptionId: string;
  const auditor = { email: 'auditor@example.com', password: 'audit-e2e-password', name: 'Auditor' };
  const controller = { email: 'controller@example.com', password: 'controller-e2e-pw', name: 'Controller' };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({
      CLOSEWATCH_DEMO: 'true',
      CLOSEWATCH_SCHEDULERS: 'true',
      CLOSEWATCH_INGEST_KEY: INGEST_KEY,
      CLOSEWATCH_SIMULATOR_FAULT_RATE: '0',
      CLOSEWATCH_SIMULATOR_RATE: '2',
      CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '2',
    });
    await t.createUser({ ...auditor, role: 'auditor' });
    await t.createUser({ ...controller, role: 'finance_ops' });
    // Asynchronously: a blocked event loop would miss the server closing idle keep-alive sockets, and reuse one.
    await promisify(execFile)(
      process.execPath,
      [SIMULATOR, '--url', t.url, '--key', INGEST_KEY, '--inject', 'erp_outage', '--flow', 'coupa-to-oracle-invoices', '--record-key', RECORD],
      { timeout: 60_000 },
    );

    // The controller resolves the record's exception over the API, as the demo's people would.
    const login = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: controller.email, password: controller.password }),
    });
    const headers = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`, 'content-type': 'application/json' };
    const by = Date.now() + 60_000;
    for (;;) {
      const list = (await (await fetch(`${t.url}/api/v1/exceptions?recordKey=${RECORD}`, { headers })).json()) as ApiPage<ExceptionDto>;
      if (list.items[0]) {
        exceptionId = list.items[0].id;
        break;
      }
      if (Date.now() > by) throw new Error(`no exception for ${RECORD}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const resolved = await fetch(`${t.url}/api/v1/exceptions/${exceptionId}/resolve`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'replayed', note: 'Reposted in Oracle after the outage' }),
    });
    expect(resolved.status).toBe(200);

    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${t.url}/login`);
    await new LoginPage(page).signIn(auditor.email, auditor.password);
    await page.getByTestId('nav-audit').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('follows the record from its lineage to its trace and to who resolved its exception, with nothing to act on', async () => {
    await page.getByTestId('nav-lineage').click();
    const lineage = new LineagePage(page);
    await lineage.search(RECORD);
    expect(await lineage.stages()).toContain('failed');
    await lineage.traceRows().first().waitFor();
    const traceId = (await lineage.rowAttributes(lineage.traceRows(), 'data-trace-id'))[0]!;
    await lineage.traceRows().first().getByTestId('lineage-trace-open').click();
    await page.locator('[data-testid="trace-page"]').waitFor();
    expect(page.url()).toContain(`/traces/${traceId}`);

    await page.goBack();
    await lineage.exceptionRows().first().waitFor();
    await lineage.exceptionRows().first().getByTestId('lineage-exception-open').click();
    const exceptions = new ExceptionsPage(page, t.url);
    await exceptions.waitForDrawerStatus('resolved');
    await exceptions.waitForHistory('resolved');
    expect(await exceptions.history()).toContainEqual({ action: 'resolved', actor: controller.email });
    expect(await exceptions.drawer.getByTestId('action-resolve').count()).toBe(0);
    expect(await exceptions.drawer.getByTestId('comment-submit').count()).toBe(0);
  });

  it('finds the resolution in the audit log with its before and after, and verifies the chain intact', async () => {
    await page.getByTestId('nav-audit').click();
    const audit = new AuditPage(page, t.url);
    await audit.root.waitFor();
    await audit.filterByObjectId(exceptionId);
    await audit.row('exception.resolved').waitFor();
    expect(await audit.row('exception.resolved').getByTestId('audit-actor').innerText()).toBe(controller.email);
    await audit.open('exception.resolved');
    expect(await audit.drawer.getByTestId('audit-drawer-actor').innerText()).toContain(controller.email);
    expect(await audit.diff()).toContainEqual(expect.stringMatching(/^status: (open|acknowledged) → resolved$/));

    await audit.verify();
    expect(await audit.verifyResult.getAttribute('data-ok')).toBe('true');
    expect(await audit.verifyResult.textContent()).toContain('Chain intact');
    await page.getByTestId('audit-last-checkpoint').waitFor();
    // Read-only: the page offers reads (verify, export) and nothing that changes anything.
    await page.getByTestId('audit-export-json').waitFor();
    await page.getByTestId('audit-export-csv').waitFor();
  });

  it('exports the audit log, which verifies offline against the public key', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-json').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'cw-audit-export-'));
    const file = join(dir, 'audit-log.json');
    await download.saveAs(file);
    const key = await fetch(`${t.url}/api/v1/audit/public-key`, { headers: { authorization: `Bearer ${await t.tokenFor('auditor')}` } });
    expect(key.status).toBe(200);
    const keyFile = join(dir, 'public-key.json');
    writeFileSync(keyFile, await key.text());
    const verifier = join(__dirname, '..', 'apps', 'api', 'dist', 'audit-verify.js');
    const { stdout } = await promisify(execFile)(process.execPath, [verifier, file, '--public-key', keyFile], { timeout: 60_000 });
    expect(stdout).toMatch(/^OK: \d+ entries verified: the whole chain/);
    expect(readFileSync(file, 'utf8')).toContain(exceptionId);
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
