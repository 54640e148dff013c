import { startTestApp, type TestApp } from '../../test/test-app';
import { scrapedMetric } from '../../test/telemetry-fixtures';
import { addFlow, addSystems, ev, sendEvents, tick } from '../../test/sync-health-fixtures';

const FLOW = 'lag-flow';

describe('closewatch_evaluation_lag_seconds', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.tokenFor('admin');
    key = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: FLOW });
  });
  afterAll(() => t.close());

  async function scrapedLag(): Promise<number> {
    const lag = await scrapedMetric(t, 'closewatch_evaluation_lag_seconds');
    expect(lag).toBeDefined();
    return lag!;
  }

  it('is 0 when caught up, grows while hops wait for the evaluator, and returns to 0 after a tick', async () => {
    await tick(t);
    expect(await scrapedLag()).toBe(0);
    await sendEvents(t, key, [ev(FLOW, 'INV-LAG-1', 'emitted', new Date())]);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await scrapedLag()).toBeGreaterThanOrEqual(1);
    expect(await tick(t)).toMatchObject({ caughtUp: true });
    expect(await scrapedLag()).toBe(0);
  });
});
