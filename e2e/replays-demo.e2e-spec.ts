import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { type Page as ListPage } from '@closewatch/contracts/pagination';
import { type LineageResponse } from '@closewatch/contracts/telemetry';
import { type ReplayRequestDto } from '@closewatch/contracts/replays';
import { requireBuiltDashboard, startApiServer, type ApiServer } from './support/api-server';
import { launchPage } from './pages/browser';
import { ExceptionsPage } from './pages/exceptions.page';
import { LineagePage } from './pages/lineage.page';
import { LoginPage } from './pages/login.page';

/**
 * The "done means", in the demo as `npm start` runs it: the simulator's records fail on
 * their own (an ERP outage dead-letters them); an IT engineer opens one failed record's
 * exception in Chromium and clicks Replay; the simulator, as the demo's middleware, gets the
 * signed webhook and posts the record again with `finance.replay.id`; the exception resolves
 * itself as `replayed` on screen, and the request is in the record's lineage.
 */
describe('replay in the demo, in Chromium', () => {
  const engineer = { email: 'it.engineer@example.com', password: 'replay-demo-e2e-pw', name: 'IT Engineer', role: 'it_ops' as const };
  let t: ApiServer;
  let ui: Awaited<ReturnType<typeof launchPage>>;
  let token: string;

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /**
   * An open delivery failure of a record the running simulator failed and dead-lettered (a record
   * still retrying would fail the request with its own next attempt, as it should).
   */
  async function failedRecord(): Promise<ExceptionDto> {
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      const open = await get<ListPage<ExceptionDto>>('/api/v1/exceptions?type=delivery_failure&status=open&limit=20');
      for (const e of open.items) {
        if (!e.recordKey) continue;
        const lineage = await get<LineageResponse>(`/api/v1/lineage?recordKey=${encodeURIComponent(e.recordKey)}`);
        if (lineage.hops.at(-1)?.stage === 'dead_lettered') return e;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the demo produced no delivery failure within 2 minutes');
  }

  beforeAll(async () => {
    requireBuiltDashboard();
    t = await startApiServer({
      CLOSEWATCH_DEMO: 'true',
      CLOSEWATCH_SCHEDULERS: 'true',
      CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1',
      CLOSEWATCH_ALERT_POLL_MS: '200',
      // Failures soon, and every replay posted, so the test shows the loop without waiting for luck.
      CLOSEWATCH_SIMULATOR_FAULT_RATE: '0.3',
      CLOSEWATCH_SIMULATOR_REPLAY_SUCCESS_RATE: '1',
    });
    await t.createUser(engineer);
    const login = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: engineer.email, password: engineer.password }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    ui = await launchPage();
  });

  afterAll(async () => {
    await ui?.close();
    await t?.close();
  });

  it('replays a failed record from its exception: the demo middleware posts it, the exception resolves as replayed, the lineage shows the request', async () => {
    const { page, pageErrors } = ui;
    const failure = await failedRecord();
    const recordKey = failure.recordKey!;

    await page.goto(`${t.url}/login`);
    await new LoginPage(page).signIn(engineer.email, engineer.password);
    await page.getByTestId('current-user').filter({ hasText: engineer.name }).waitFor();

    const exceptions = new ExceptionsPage(page, t.url);
    await exceptions.goto(`?q=${encodeURIComponent(recordKey)}&type=delivery_failure`);
    await exceptions.waitForRowStatus(recordKey, 'open');
    await exceptions.openException(recordKey);
    await exceptions.drawer.getByTestId('exception-replay').click();
    await exceptions.drawer.getByTestId('replay-notice').waitFor();

    // The simulator posts the record again within seconds; the drawer follows without a reload.
    await exceptions.waitForDrawerStatus('resolved');
    await exceptions.drawer.locator('[data-testid="replay-row"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await exceptions.drawer.getByTestId('exception-replays').innerText()).toMatch(/record posted/);
    expect(await exceptions.drawer.getByTestId('drawer-resolution').innerText()).toMatch(/replayed/i);
    // The exception's history tells the replay among its own changes, in order.
    const steps = await exceptions.drawer
      .locator('[data-testid="exception-history"] li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-step') ?? li.getAttribute('data-action')));
    const replaySteps = steps.filter((s) => ['requested', 'sent', 'succeeded'].includes(s ?? ''));
    expect(replaySteps).toEqual(['requested', 'sent', 'succeeded']);
    expect(steps.indexOf('requested')).toBeGreaterThan(steps.indexOf('created'));
    expect(steps.some((s) => s === 'resolved' || s === 'auto_resolved')).toBe(true);

    // The record's lineage: the replay request, and the hops the middleware sent for it after the failure.
    const [request] = (await get<ListPage<ReplayRequestDto>>(`/api/v1/replay-requests?recordKey=${encodeURIComponent(recordKey)}`)).items;
    expect(request).toMatchObject({ exceptionId: failure.id, status: 'succeeded', requestedBy: { email: engineer.email }, outcome: { source: 'posting' } });
    const lineagePage = new LineagePage(page);
    await page.goto(`${t.url}/lineage`);
    await lineagePage.search(recordKey);
    const row = page.locator(`[data-testid="lineage-replays"] [data-testid="replay-row"][data-id="${request!.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('succeeded');
    const stages = await lineagePage.stages();
    expect(stages.slice(stages.lastIndexOf('dead_lettered') + 1)).toEqual(['replayed', 'posted']);
    const lineage = await get<LineageResponse>(`/api/v1/lineage?recordKey=${encodeURIComponent(recordKey)}`);
    expect(lineage.hops.at(-1)).toMatchObject({ stage: 'posted', status: 'ok' });

    // The replay list, filtered by requester.
    await page.goto(`${t.url}/replays?requestedBy=${encodeURIComponent(engineer.email)}`);
    await page.locator(`[data-testid="replays-table"] [data-testid="replay-row"][data-id="${request!.id}"][data-status="succeeded"]`).waitFor();

    // The flow page charts whether replaying its failures works.
    await page.goto(`${t.url}/flows/${encodeURIComponent(failure.flow)}`);
    const total = page.getByTestId('flow-replays').getByTestId('replay-success-total');
    await total.waitFor();
    expect(await total.getAttribute('data-rate')).toBe('1');
    expect(await total.innerText()).toMatch(/1 requested · 1 succeeded/);
    expect(pageErrors).toEqual([]);
  });
});
