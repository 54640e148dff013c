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

/** An app with the schedulers on, evaluating every `intervalSeconds`, with one event flow; a viewer token and an ingest key. */
async function startScheduled(intervalSeconds: number): Promise<{ t: TestApp; viewer: string; key: string }> {
  const t = await startTestApp({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: String(intervalSeconds) });
  const admin = await t.tokenFor('admin');
  const viewer = await t.tokenFor('viewer');
  const key = await t.ingestKey(['events']);
  await addSystems(t, admin, ['coupa', 'netsuite']);
  await addFlow(t, admin, { id: 'coupa-to-netsuite', slo: { maxLagSeconds: 900 } });
  return { t, viewer, key };
}

/** The record's sync state, once the evaluator has read it. */
function syncOf(t: TestApp, viewer: string, recordKey: string, tries?: number): Promise<RecordSyncResponse> {
  return eventually(async () => {
    const res = await get<RecordSyncResponse>(t, `/api/v1/records/${recordKey}/sync`, viewer);
    return res.status === 200 ? res.body : undefined;
  }, tries);
}

describe('sync-health evaluation with schedulers on', () => {
  let app: Awaited<ReturnType<typeof startScheduled>>;

  beforeAll(async () => {
    app = await startScheduled(1);
  });
  afterAll(() => app.t.close());

  it('evaluates on its own after ingest: record state and findings appear without anyone calling tick()', async () => {
    const { t, viewer, key } = app;
    await sendEvents(t, key, [
      ev('coupa-to-netsuite', 'INV-AUTO', 'emitted', secondsAgo(60)),
      ev('coupa-to-netsuite', 'INV-AUTO', 'failed', secondsAgo(50), { error: { class: 'target_rejected', message: 'Vendor blocked' } }),
    ]);
    const sync = await syncOf(t, viewer, 'INV-AUTO');
    expect(sync.flows).toMatchObject([{ flow: 'coupa-to-netsuite', failed: true, lastError: { class: 'target_rejected' } }]);
    const [failure] = await eventually(async () => {
      const list = await exceptions(t, viewer, { type: 'delivery_failure', recordKey: 'INV-AUTO' });
      return list.length ? list : undefined;
    });
    expect(failure).toMatchObject({ status: 'open', cause: 'target_rejected' });
  });
});

describe('sync-health evaluation triggered by ingest', () => {
  let app: Awaited<ReturnType<typeof startScheduled>>;

  beforeAll(async () => {
    // The interval never fires during the test: only a commit can start the evaluation.
    app = await startScheduled(3600);
  });
  afterAll(() => app.t.close());

  it('evaluates soon after a commit even when no dashboard is connected to receive the hops', async () => {
    const { t, viewer, key } = app;
    await sendEvents(t, key, [ev('coupa-to-netsuite', 'INV-COMMIT', 'emitted', secondsAgo(30))]);
    const sync = await syncOf(t, viewer, 'INV-COMMIT', 50);
    expect(sync.flows).toMatchObject([{ flow: 'coupa-to-netsuite' }]);
  });
});
