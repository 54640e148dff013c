import { Client } from 'pg';
import { type Page } from 'playwright-core';
import { type BusinessEvent } from '@closewatch/contracts/events';
import { type ReconDto, type ReconRunDto } from '@closewatch/contracts/recon';
import { api, createFlow, createInvoiceDatabases, finishedRun, invoiceRecon, type SideDatabase } from '../apps/api/test/support/recon-fixtures';
import { type ApiServer, requireBuiltDashboard, startApiServer } from './support/api-server';
import { type Browser, launchChromium } from './pages/browser';
import { LineagePage } from './pages/lineage.page';
import { LoginPage } from './pages/login.page';
import { ReconciliationsPage } from './pages/reconciliations.page';

/**
 * A reconciliation run in the built dashboard, in real headless Chromium against the real
 * server: two real PostgreSQL databases (Coupa invoices and Oracle AP postings) with known
 * breaks, connections and a definition through the API; the run is started with the button,
 * its status and progress follow live (no reload), its breaks are exactly the expected ones by
 * type and lineage classification, a break leads to the record's lineage and its exception,
 * and a second run shows in the trend. The server is the built one in a child process (a black
 * box) whose one reconciliation worker claims queued runs, as in production.
 */
describe('reconciliation run in Chromium', () => {
  const FLOW = 'coupa-to-oracle-invoices';
  const RECON = 'coupa-oracle-invoices';
  const GATE = 'e2e-worker-gate';
  const ADMIN = { email: 'rita.recon@example.com', password: 'rita-e2e-password', name: 'Rita Recon', role: 'admin' as const };
  let t: ApiServer;
  let source: SideDatabase;
  let target: SideDatabase;
  let admin: ReturnType<typeof api>;
  let browser: Browser;
  let page: Page;
  let recons: ReconciliationsPage;
  const pageErrors: string[] = [];

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    requireBuiltDashboard();
    // Schedulers on, with one reconciliation worker that looks for queued runs every second.
    t = await startApiServer({
      CLOSEWATCH_RECON_PROGRESS_ROWS: '1',
      CLOSEWATCH_RECON_FETCH_ROWS: '10',
      CLOSEWATCH_RECON_RETRIES: '0',
      CLOSEWATCH_SCHEDULERS: 'true',
      CLOSEWATCH_RECON_WORKERS: '1',
      CLOSEWATCH_RECON_POLL_SECONDS: '1',
    });
    await t.createUser(ADMIN);
    ({ source, target } = await createInvoiceDatabases('cw_e2e'));
    // With statistics on the source key, runs read both sides in two key ranges on worker threads.
    await source.sql('analyze invoices');
    // The gate: a definition whose run waits on this table while a test holds it locked (holdWorker).
    await source.sql('create table e2e_gate (k text)');

    const adminToken = await t.tokenFor('admin');
    admin = api(t, adminToken);
    await createFlow(t, adminToken, FLOW, 900);
    // Lineage: INV-002 failed in AP automation, INV-006 is on its way, INV-007 left Coupa two hours ago, INV-003 was posted.
    const ingestKey = await t.ingestKey(['events']);
    const step = (
      id: string,
      recordKey: string,
      stage: BusinessEvent['stage'],
      system: string,
      occurredAt: string,
      over: Partial<BusinessEvent> = {},
    ): BusinessEvent => ({ id, flow: FLOW, recordKey, recordType: 'invoice', stage, system, occurredAt, ...over }) as BusinessEvent;
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          step('r-002-1', 'INV-002', 'emitted', 'coupa', minutesAgo(60)),
          step('r-002-2', 'INV-002', 'failed', 'ap-automation', minutesAgo(59), { error: { class: 'mapping', code: 'CC', message: 'unknown cost centre' } }),
          step('r-006-1', 'INV-006', 'emitted', 'coupa', minutesAgo(1)),
          step('r-007-1', 'INV-007', 'emitted', 'coupa', minutesAgo(120)),
          step('r-003-1', 'INV-003', 'emitted', 'coupa', minutesAgo(300)),
          step('r-003-2', 'INV-003', 'posted', 'oracle-fusion', minutesAgo(290)),
        ],
      }),
    });
    expect(res.status).toBe(200);

    for (const [name, db] of [
      ['coupa', source],
      ['erp', target],
    ] as const) {
      const c = await admin.post('/api/v1/connections', { name, kind: 'postgres', url: db.url });
      expect(c.status).toBe(201);
    }
    const created = await admin.post<ReconDto>('/api/v1/recons', invoiceRecon(FLOW));
    expect(created.status).toBe(201);
    const gate = await admin.post<ReconDto>('/api/v1/recons', {
      id: GATE,
      name: 'E2E worker gate',
      flow: FLOW,
      source: { connector: 'postgres', connection: 'coupa', query: 'select k from e2e_gate' },
      target: { connector: 'postgres', connection: 'coupa', query: 'select k from e2e_gate' },
      key: ['k'],
    });
    expect(gate.status).toBe(201);

    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    recons = new ReconciliationsPage(page, t.url);
    await page.goto(`${t.url}/login`);
    await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
    await page.getByTestId('current-user').filter({ hasText: ADMIN.name }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await source?.drop();
    await target?.drop();
  });

  /**
   * Keeps the server's one worker busy with a run of the gate, which waits on its locked table,
   * so a run started meanwhile stays queued (the worker would otherwise claim it within a
   * second). Returns the release: the gate run ends and the worker claims the next run at once.
   */
  async function holdWorker(): Promise<() => Promise<void>> {
    const lock = new Client({ connectionString: source.url });
    await lock.connect();
    await lock.query('begin');
    await lock.query('lock table e2e_gate in access exclusive mode');
    const started = await admin.post<{ runId: string }>(`/api/v1/recons/${GATE}/runs`);
    expect(started.status).toBe(202);
    for (let tries = 0; (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body.status !== 'running'; tries++) {
      if (tries > 600) throw new Error('the worker did not start the gate run');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let released: Promise<void> | undefined;
    return () =>
      (released ??= (async () => {
        await lock.query('rollback').catch(() => undefined);
        await lock.end();
        expect((await finishedRun(admin, started.body.runId)).status).toBe('succeeded');
      })());
  }

  const notReloaded = () => page.evaluate(() => (globalThis as { closewatchNoReload?: boolean }).closewatchNoReload === true);

  it('runs with the button and follows status and progress live, without a reload', async () => {
    await recons.goto();
    await page.evaluate(() => Object.assign(globalThis, { closewatchNoReload: true }));
    await expect(recons.row(RECON).getByTestId('last-result').count()).resolves.toBe(0);
    await expect(recons.row(RECON).innerText()).resolves.toContain('never run');

    // Hold the target table locked, so the run stays running (reading the source) until it is released.
    const lock = new Client({ connectionString: target.url });
    await lock.connect();
    let release: (() => Promise<void>) | undefined;
    try {
      await lock.query('begin');
      await lock.query('lock table ap_postings in access exclusive mode');
      release = await holdWorker();

      await recons.runNow(RECON);
      await recons.waitForLastStatus(RECON, 'queued');
      await expect(recons.lastResult(RECON).getByTestId('run-progress').count()).resolves.toBe(1);

      await release();
      await recons.waitForLastStatus(RECON, 'running');
      // Each key range's engine has read its first source row and waits for the target's: the bar shows it, live.
      await recons.lastResult(RECON).locator('[data-testid="progress-source"][data-rows="2"]').waitFor();
      await expect(recons.lastResult(RECON).getByTestId('progress-target').getAttribute('data-rows')).resolves.toBe('0');
    } finally {
      await release?.();
      await lock.query('rollback').catch(() => undefined);
      await lock.end();
    }
    await recons.waitForLastStatus(RECON, 'succeeded');
    await expect(recons.lastBreakCounts(RECON)).resolves.toEqual({
      missing_in_target: 4,
      unexpected_in_target: 1,
      amount_mismatch: 1,
      field_mismatch: 1,
      duplicate_key: 1,
    });
    await expect(recons.lastResult(RECON).getByTestId('matched-pct').innerText()).resolves.toBe('22.22% matched');
    expect(await notReloaded()).toBe(true);
  });

  it('opens the run with totals per group and exactly the expected breaks, filtered by type and classification', async () => {
    await recons.openLastRun(RECON);
    await recons.waitForRunStatus('succeeded');
    await expect(page.getByTestId('run-key-ranges').innerText()).resolves.toContain('read in 2 key ranges in parallel');
    await expect(page.getByTestId('run-key-ranges').getAttribute('title')).resolves.toMatch(
      /^range 1: from the first key up to "INV-\d+"\nrange 2: from "INV-\d+" to the last$/,
    );
    await expect(page.getByTestId('summary-source-rows').innerText()).resolves.toContain('9');
    await expect(page.getByTestId('summary-target-rows').innerText()).resolves.toContain('7');
    const groups = await page
      .getByTestId('group-row')
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute('data-group'),
          r.querySelector('[data-testid="group-source-amount"]')?.textContent,
          r.querySelector('[data-testid="group-target-amount"]')?.textContent,
          r.querySelector('[data-testid="group-difference"]')?.textContent,
        ]),
      );
    expect(groups).toEqual([
      ['entity=DE01, currency=EUR', '75.5', '80.5', '+5'],
      ['entity=US01, currency=USD', '990', '2,149.01', '+1,159.01'],
    ]);

    await recons.breakRows.first().waitFor();
    const all = await recons.breaks();
    expect(all.map((b) => `${b.type} ${b.recordKey} ${b.classification}`).sort()).toEqual(
      [
        'amount_mismatch INV-003 unexplained',
        'duplicate_key INV-005 never_emitted',
        'field_mismatch INV-004 never_emitted',
        'missing_in_target INV-002 failed_at_hop',
        'missing_in_target INV-006 in_flight',
        'missing_in_target INV-007 posted_late',
        'missing_in_target INV-008 never_emitted',
        'unexpected_in_target INV-099 never_emitted',
      ].sort(),
    );
    await expect(recons.breakRow('INV-002').getByTestId('break-classification').innerText()).resolves.toBe('Failed at failed in ap-automation (mapping)');

    await recons.filterType('missing_in_target');
    await recons.waitForBreaks(4, 'missing_in_target');
    await recons.filterClassification('never_emitted');
    await recons.waitForBreaks(1);
    await expect(recons.breaks()).resolves.toEqual([{ type: 'missing_in_target', recordKey: 'INV-008', classification: 'never_emitted' }]);
    expect(new URL(page.url()).searchParams.get('type')).toBe('missing_in_target');
  });

  it('follows a break to the record lineage and to its exception', async () => {
    await recons.filterType('');
    await recons.filterClassification('failed_at_hop');
    await recons.waitForBreaks(1);
    const exceptionHref = await recons.breakRow('INV-002').getByTestId('break-exception').getAttribute('href');
    expect(exceptionHref).toMatch(/^\/exceptions\?open=[0-9a-f-]{36}$/);

    await recons.breakRow('INV-002').getByTestId('break-lineage').click();
    const lineage = new LineagePage(page);
    await lineage.root.waitFor();
    await page.getByTestId('lineage-timeline').waitFor();
    expect(new URL(page.url()).searchParams.get('recordKey')).toBe('INV-002');
    await expect(lineage.stages()).resolves.toEqual(['emitted', 'failed']);

    await page.goBack();
    await recons.breakRow('INV-002').getByTestId('break-exception').click();
    const drawer = page.getByTestId('exception-drawer');
    await drawer.waitFor();
    expect(await drawer.getAttribute('data-id')).toBe(exceptionHref?.split('=')[1]);
    await expect(page.getByTestId('drawer-record-key').innerText()).resolves.toBe('INV-002');
  });

  it('shows the trend of matched % and breaks over the run history', async () => {
    // Oracle catches up on INV-002; the next run has one break less.
    await target.sql(`insert into ap_postings values ('INV-002', 'US01', 250.00, 'USD', '2026-11-03 10:00Z', '2026-11')`);
    const started = await api(t, await t.tokenFor('finance_ops')).post<{ runId: string }>(`/api/v1/recons/${RECON}/runs`);
    expect(started.status).toBe(202);
    await finishedRun(admin, started.body.runId);
    const second = await api(t, await t.tokenFor('auditor')).get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`);
    expect(second.body.summary?.breaks.missing_in_target).toBe(3);

    await recons.goto();
    await recons.openRecon(RECON);
    await page.locator('[data-testid="recon-trend"][data-points="2"]').waitFor();
    await expect(page.getByTestId('recon-run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).resolves.toEqual([
      'succeeded',
      'succeeded',
    ]);
    await expect(page.locator('[data-testid="recon-trend"] .recharts-line').count()).resolves.toBe(1);
    expect(pageErrors).toEqual([]);
  });
  it('cancels a running run from its page, and shows why a failed run failed', async () => {
    const lock = new Client({ connectionString: target.url });
    await lock.connect();
    let release: (() => Promise<void>) | undefined;
    try {
      await lock.query('begin');
      await lock.query('lock table ap_postings in access exclusive mode');
      release = await holdWorker();
      await page.getByTestId('run-now').click();
      await recons.runPage.waitFor();
      await recons.waitForRunStatus('queued');
      await release();
      await recons.waitForRunStatus('running');
      await page.getByTestId('cancel-run').click();
      // Keep the run blocked until the server has the cancel request; the button may already be
      // gone by the time a slow machine renders again (the run ends as cancelled).
      const runId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const reader = api(t, await t.tokenFor('auditor'));
      for (let i = 0; i < 600; i++) {
        const run = (await reader.get<ReconRunDto>(`/api/v1/recon-runs/${runId}`)).body;
        if (run.cancelRequestedAt !== null || run.status === 'cancelled') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await release?.();
      await lock.query('rollback').catch(() => undefined);
      await lock.end();
    }
    await recons.waitForRunStatus('cancelled');
    await expect(page.getByTestId('cancel-run').count()).resolves.toBe(0);

    // The target table is renamed away: the next run fails, and says so.
    await target.sql('alter table ap_postings rename to ap_postings_old');
    await page.getByRole('link', { name: RECON }).click();
    await page.getByTestId('recon-detail-page').waitFor();
    await page.getByTestId('run-now').click();
    await recons.runPage.waitFor();
    await recons.waitForRunStatus('failed');
    await expect(page.getByTestId('run-failure').innerText()).resolves.toMatch(/ap_postings/);
    expect(pageErrors).toEqual([]);
  });
  it('lets an admin add and test a connection and create a reconciliation in the editor, with problems named by path', async () => {
    await recons.goto();
    await page.getByTestId('connection-name').fill('erp_copy');
    await page.getByTestId('connection-url').fill(target.url);
    await page.getByTestId('connection-create').click();
    const row = page.locator('[data-testid="connection-row"][data-name="erp_copy"]');
    await row.waitFor();
    expect(await page.getByTestId('connections-panel').innerText()).not.toContain(target.name);
    await row.getByTestId('connection-test').click();
    await row
      .getByTestId('connection-test-result')
      .filter({ hasText: /^ok in \d+ ms/ })
      .waitFor();

    await page.getByTestId('new-recon').click();
    await page.getByTestId('recon-editor-page').waitFor();
    const body = {
      id: 'coupa-oracle-copy',
      name: 'AP invoices (copy)',
      flow: FLOW,
      source: { connector: 'postgres', connection: 'coupa', query: 'select inv_no, entity, amount from invoices where period = :period' },
      target: { connector: 'postgres', connection: 'erp_copy', query: 'select doc_ref, bu as entity, amt from ap_postings_old where period = :period' },
      key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
      compare: [{ source: 'amount', target: 'amt', tolerance: { rel: 'lots' } }],
      scope: { period: '2026-11' },
    };
    await page.getByTestId('recon-json').fill(JSON.stringify(body, null, 2));
    await page.getByTestId('recon-save').click();
    await page.getByTestId('recon-save-error').waitFor();
    await expect(page.getByTestId('recon-problem').evaluateAll((items) => items.map((i) => i.getAttribute('data-field')))).resolves.toEqual([
      'compare[0].tolerance.rel',
    ]);
    expect((await api(t, await t.tokenFor('admin')).get('/api/v1/recons/coupa-oracle-copy')).status).toBe(404);

    await page
      .getByTestId('recon-json')
      .fill(JSON.stringify({ ...body, compare: [{ source: 'amount', target: 'amt', tolerance: { rel: '0.001' } }] }, null, 2));
    await page.getByTestId('recon-save').click();
    await page.getByTestId('recon-detail-page').waitFor();
    await expect(page.getByTestId('recon-name').innerText()).resolves.toBe('AP invoices (copy)');
    await expect(page.getByTestId('recon-key').innerText()).resolves.toBe('inv_no → doc_ref, entity');
    expect(pageErrors).toEqual([]);
  });
});
