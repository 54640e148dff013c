import { type RecordSyncResponse } from '@closewatch/contracts/sync-health';
import { startTestApp, type TestApp } from '../../test/test-app';
import { get } from '../../test/telemetry-fixtures';
import { addFlow, addSystems, ev, exceptions, secondsAgo, sendEvents } from '../../test/sync-health-fixtures';

/** Polls until `check` answers something, or gives up after `tries` (a bound, not a timing assertion). */
async function eventually<T>(check: () => Promise<T | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met');
}

describe('sync-health evaluation with schedulers on', () => {
  let t: TestApp;
  let viewer: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '1' });
    const admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
    key = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: 'coupa-to-netsuite', slo: { maxLagSeconds: 900 } });
  });
  afterAll(() => t.close());

  it('evaluates on its own after ingest: record state and findings appear without anyone calling tick()', async () => {
    await sendEvents(t, key, [
      ev('coupa-to-netsuite', 'INV-AUTO', 'emitted', secondsAgo(60)),
      ev('coupa-to-netsuite', 'INV-AUTO', 'failed', secondsAgo(50), { error: { class: 'target_rejected', message: 'Vendor blocked' } }),
    ]);
    const sync = await eventually(async () => {
      const res = await get<RecordSyncResponse>(t, '/api/v1/records/INV-AUTO/sync', viewer);
      return res.status === 200 ? res.body : undefined;
    });
    expect(sync.flows).toMatchObject([{ flow: 'coupa-to-netsuite', failed: true, lastError: { class: 'target_rejected' } }]);
    const [failure] = await eventually(async () => {
      const list = await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-AUTO' });
      return list.length ? list : undefined;
    });
    expect(failure).toMatchObject({ status: 'open', cause: 'target_rejected' });
  });
});

describe('sync-health evaluation triggered by ingest', () => {
  let t: TestApp;
  let viewer: string;
  let key: string;

  beforeAll(async () => {
    // The interval never fires during the test: only a commit can start the evaluation.
    t = await startTestApp({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: '3600' });
    const admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
    key = await t.ingestKey(['events']);
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: 'coupa-to-netsuite', slo: { maxLagSeconds: 900 } });
  });
  afterAll(() => t.close());

  it('evaluates soon after a commit even when no dashboard is connected to receive the hops', async () => {
    await sendEvents(t, key, [ev('coupa-to-netsuite', 'INV-COMMIT', 'emitted', secondsAgo(30))]);
    const sync = await eventually(async () => {
      const res = await get<RecordSyncResponse>(t, '/api/v1/records/INV-COMMIT/sync', viewer);
      return res.status === 200 ? res.body : undefined;
    }, 50);
    expect(sync.flows).toMatchObject([{ flow: 'coupa-to-netsuite' }]);
  });
});
