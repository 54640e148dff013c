import { type FlowHealthListResponse } from '@closewatch/contracts/sync-health';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, addSystems, ev, sendEvents, tick } from '../../test/sync-health-fixtures';
import { scrapedMetric } from '../../test/telemetry-fixtures';

const FLOW = 'paced-flow';

/**
 * Ingest pacing as the running API does it (docs/scaling.md, "Ingest pacing"): the lag is read
 * from the database when writes come, pacing shows on /metrics, and every write is still
 * accepted. Schedulers are off, so the lag grows until the test evaluates.
 */
describe('ingest pacing by evaluation lag', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_INGEST_PACE_LAG_SECONDS: '1' });
    const admin = await t.tokenFor('admin');
    key = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: FLOW });
  });
  afterAll(() => t.close());

  const paced = () => scrapedMetric(t, 'closewatch_ingest_paced');
  const send = (recordKey: string) => sendEvents(t, key, [ev(FLOW, recordKey, 'emitted', new Date())]);

  /** Polls /metrics until `closewatch_ingest_paced` is `value` (a bound, not a timing assertion). */
  async function pacedBecomes(value: 0 | 1, between?: (i: number) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < 40; i++) {
      if ((await paced()) === value) return;
      await between?.(i);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`closewatch_ingest_paced did not become ${value}`);
  }

  /** `evaluation.paced` of the flow-health list, as the Flows page reads it. */
  const listedPaced = async () => {
    const res = await fetch(`${t.url}/api/v1/flow-health`, { headers: { authorization: `Bearer ${await t.tokenFor('viewer')}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as FlowHealthListResponse).evaluation.paced;
  };

  it('paces while the evaluator trails by the threshold, accepting every write, and stops once it caught up', async () => {
    expect(await paced()).toBe(0);
    expect(await listedPaced()).toBe(false);
    // Each write reads the lag (at most once a second): the first event's wait grows past 1 s.
    let sent = 0;
    await pacedBecomes(1, () => send(`INV-BEHIND-${sent++}`));

    expect(await listedPaced()).toBe(true);

    // Paced writes run one at a time, and every one is accepted (sendEvents throws otherwise).
    await Promise.all(Array.from({ length: 6 }, (_, i) => send(`INV-PACED-${i}`)));

    expect(await tick(t)).toMatchObject({ caughtUp: true, hops: sent + 6 });
    // The next write's reading (a second after the last) finds nothing waiting long: pacing ends.
    await new Promise((r) => setTimeout(r, 1_100));
    await send('INV-CAUGHT-UP');
    await pacedBecomes(0);
    expect(await listedPaced()).toBe(false);
  });
});
