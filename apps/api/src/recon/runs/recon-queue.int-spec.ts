import { DataSource } from 'typeorm';
import { type ReconRunDto } from '@closewatch/contracts/recon';
import { api, createFlow } from '../../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { claimRun, enqueueDueSchedules, enqueueRun } from './recon-queue';
import { ReconWorkerService } from './recon-worker.service';

const FLOW = 'coupa-to-oracle-invoices';

const telemetryDefinition = (id: string, schedule: unknown = null) => ({
  id,
  name: id,
  flow: FLOW,
  source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
  target: { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' },
  key: ['record_key'],
  schedule,
});

describe('reconciliation queue and schedules', () => {
  describe('claims and schedules across workers', () => {
    let t: TestApp;
    let ds: DataSource;
    let admin: ReturnType<typeof api>;

    beforeAll(async () => {
      t = await startTestApp({ CLOSEWATCH_RECON_RETRIES: '1', CLOSEWATCH_RECON_RETRY_DELAY_SECONDS: '30' });
      ds = t.app.get(DataSource);
      const token = await t.tokenFor('admin');
      admin = api(t, token);
      await createFlow(t, token, FLOW);
      expect((await admin.post('/api/v1/recons', telemetryDefinition('nightly', { cron: '0 2 * * *', timezone: 'Europe/Berlin' }))).status).toBe(201);
    });
    afterAll(() => t.close());

    it('hands each queued run to exactly one of many concurrent claimers', async () => {
      const queued = await Promise.all(Array.from({ length: 6 }, () => enqueueRun(ds, { reconId: 'nightly', trigger: 'manual' })));
      const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claimRun(ds, `worker-${i}`)));
      const claimed = claims.filter((c) => c !== null).map((c) => c.id);
      expect(claimed.sort()).toEqual([...queued].sort());
      expect(new Set(claimed).size).toBe(6);
      const rows: unknown[] = await ds.query(`select status, count(*)::int as runs, count(distinct worker)::int as workers from recon_runs group by status`);
      expect(rows).toEqual([{ status: 'running', runs: 6, workers: 6 }]);
      await ds.query(`update recon_runs set status = 'cancelled', finished_at = now()`);
    });

    it('enqueues a due schedule once, even when replicas look at the same time, and moves it to the next slot in its time zone', async () => {
      await ds.query(`update recon_definitions set next_run_at = '2026-11-20T01:00:00Z' where id = 'nightly'`);
      const [a, b] = await Promise.all([enqueueDueSchedules(ds, new Date()), enqueueDueSchedules(ds, new Date())]);
      expect([...a, ...b]).toHaveLength(1);
      const runs: { trigger: string; scheduled_for: Date }[] = await ds.query(`select trigger, scheduled_for from recon_runs where status = 'queued'`);
      expect(runs).toEqual([{ trigger: 'schedule', scheduled_for: new Date('2026-11-20T01:00:00Z') }]);
      const next = (await admin.get<{ nextRunAt: string }>('/api/v1/recons/nightly')).body.nextRunAt;
      expect(new Date(next).getTime()).toBeGreaterThan(Date.now());
      // 02:00 in Berlin is 00:00 or 01:00 UTC depending on daylight saving time.
      expect(next).toMatch(/T0[01]:00:00\.000Z$/);
      expect(await enqueueDueSchedules(ds, new Date())).toEqual([]);
      // The same slot is never queued twice (unique recon_id, scheduled_for).
      await ds.query(`update recon_definitions set next_run_at = '2026-11-20T01:00:00Z' where id = 'nightly'`);
      expect(await enqueueDueSchedules(ds, new Date())).toEqual([]);
    });

    it('fails a run whose worker stopped reporting and queues its retry', async () => {
      const worker = t.app.get(ReconWorkerService);
      await ds.query(`update recon_runs set status = 'cancelled', finished_at = now() where status = 'queued'`);
      const id = await enqueueRun(ds, { reconId: 'nightly', trigger: 'manual' });
      await claimRun(ds, 'gone-worker');
      await ds.query(`update recon_runs set heartbeat_at = now() - interval '10 minutes' where id = $1`, [id]);
      expect(await worker.recoverStale()).toBe(1);
      const run = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${id}`)).body;
      expect(run).toMatchObject({ status: 'failed', error: { code: 'worker_lost', retryable: true } });
      const retry: { attempt: number; trigger: string; not_before: Date }[] = await ds.query(
        `select attempt, trigger, not_before from recon_runs where retry_of = $1`,
        [id],
      );
      expect(retry).toHaveLength(1);
      expect(retry[0]).toMatchObject({ attempt: 2, trigger: 'retry' });
      expect(retry[0]!.not_before.getTime()).toBeGreaterThan(Date.now() + 20_000);
    });
  });

  describe('with schedulers on', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_RECON_POLL_SECONDS: '1' });
    });
    afterAll(() => t.close());

    it('runs a requested run without being asked twice', async () => {
      const token = await t.tokenFor('admin');
      const admin = api(t, token);
      await createFlow(t, token, FLOW);
      expect((await admin.post('/api/v1/recons', telemetryDefinition('on-demand'))).status).toBe(201);
      const { runId } = (await admin.post<{ runId: string }>('/api/v1/recons/on-demand/runs')).body;
      let run: ReconRunDto | undefined;
      for (let i = 0; i < 200; i++) {
        run = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${runId}`)).body;
        if (run.status === 'succeeded' || run.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(run).toMatchObject({ status: 'succeeded', summary: { source: { rows: 0 }, target: { rows: 0 }, matched: 0 } });
    });
  });
});
