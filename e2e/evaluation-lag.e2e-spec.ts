import { postedInvoice } from '../apps/api/test/support/posted-invoice';
import { dashboardSuite } from './support/dashboard-suite';
import { FlowsPage } from './pages/flows.page';
import { LoginPage } from './pages/login.page';

/**
 * The evaluator's lag on the Flows page in Chromium (docs/scaling.md, "Ingest pacing"). The
 * server's schedulers are off, so a hop it accepted waits for the evaluator for as long as the
 * test lets it: first the page says how far the statuses trail, then that ingest is paced.
 */
describe('evaluation lag on the Flows page in Chromium', () => {
  const viewer = { email: 'lag-reader@example.com', password: 'lag-viewer-pw', name: 'Reader', role: 'viewer' as const };
  const PACE_SECONDS = 6;
  const suite = dashboardSuite({ CLOSEWATCH_INGEST_PACE_LAG_SECONDS: String(PACE_SECONDS) }, [viewer]);

  it('shows nothing while the evaluator is caught up, then how far it trails, then that ingest is paced', async () => {
    const { t, page } = suite;
    await new LoginPage(page).signInAt(t.url, viewer);
    const flows = new FlowsPage(page, t.url);
    await flows.goto();
    await page.getByTestId('flows-catalog').waitFor();
    expect(await flows.evaluationLag.count()).toBe(0);

    const key = await t.ingestKey(['events']);
    const sent = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [postedInvoice('lag-flow', 'INV-LAG-1')] }),
    });
    expect(sent.status).toBe(200);
    const acceptedAt = Date.now();

    // Trailing: shown from 3 s on (reloading the page reads the list again).
    await new Promise((r) => setTimeout(r, Math.max(0, acceptedAt + 3_500 - Date.now())));
    await flows.goto();
    await flows.evaluationLag.waitFor();
    expect(await flows.evaluationLag.getAttribute('data-paced')).toBe('false');
    expect(await flows.evaluationLag.innerText()).toMatch(/Sync health trails ingest by \d+(\.\d)? s/);

    // Paced: from CLOSEWATCH_INGEST_PACE_LAG_SECONDS on.
    await new Promise((r) => setTimeout(r, Math.max(0, acceptedAt + (PACE_SECONDS + 0.5) * 1000 - Date.now())));
    await flows.goto();
    await flows.pacedNotice.waitFor();
    expect(await flows.pacedNotice.innerText()).toContain(`until the lag is under ${(PACE_SECONDS / 2).toFixed(1)} s`);
  });

  it('raised no uncaught error in the page', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
