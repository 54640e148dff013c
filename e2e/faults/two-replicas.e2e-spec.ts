import { type ReconDto } from '@closewatch/contracts/recon';
import { connected, connectLive, crossingHops, type LiveClient } from '../../apps/api/test/support/live-client';
import { api, createFlow, createSideDatabase, type SideDatabase } from '../../apps/api/test/support/recon-fixtures';
import { type ApiServer, startApiServer } from '../support/api-server';
import { until } from '../support/until';
import { postedInvoice } from '../../apps/api/test/support/posted-invoice';
import { sql } from './support/stored';

/**
 * Two built servers (replicas) on one database, both with schedulers and a reconciliation
 * worker: a reconciliation scheduled every two seconds runs exactly once per schedule slot (the
 * queue's slot key and SKIP LOCKED claims), and a dashboard socket on replica A sees the hops of
 * an event sent through replica B (the live adapter on PostgreSQL).
 */
describe('faults: two replicas on one database', () => {
  const FLOW = 'fault-replicas-flow';
  const RECON = 'fault-every-2s';
  const SLOTS = 6;
  const env = { CLOSEWATCH_SCHEDULERS: 'true', CLOSEWATCH_RECON_WORKERS: '1', CLOSEWATCH_RECON_POLL_SECONDS: '1', CLOSEWATCH_RECON_THREADS: '1' };
  let a: ApiServer;
  let b: ApiServer;
  let side: SideDatabase;
  let socket: LiveClient | undefined;

  beforeAll(async () => {
    a = await startApiServer(env);
    b = await a.replica();
    side = await createSideDatabase('cw_faults_side');
    await side.sql(`create table ledger (k text); insert into ledger values ('a'), ('b'), ('c')`);
  });
  afterAll(async () => {
    socket?.close();
    await b?.close();
    await a?.close();
    await side?.drop();
  });

  it('runs a reconciliation scheduled every two seconds exactly once per slot', async () => {
    const token = await a.tokenFor('admin');
    const admin = api(a, token);
    await createFlow(a, token, FLOW);
    expect((await admin.post('/api/v1/connections', { name: 'side', kind: 'postgres', url: side.url })).status).toBe(201);
    const dataset = { connector: 'postgres', connection: 'side', query: 'select k from ledger' };
    const created = await admin.post<ReconDto>('/api/v1/recons', {
      id: RECON,
      name: 'Every two seconds',
      flow: FLOW,
      source: dataset,
      target: dataset,
      key: ['k'],
      schedule: { cron: '*/2 * * * * *', timezone: 'UTC' },
    });
    expect(created.status).toBe(201);

    let last: unknown;
    const slots = await until(
      `${SLOTS} finished schedule slots`,
      async () => {
        const rows = await sql<{ slot: Date; runs: number; succeeded: number; workers: string[] }>(
          a.databaseUrl,
          `select scheduled_for as slot, count(*)::int as runs, (count(*) filter (where status = 'succeeded'))::int as succeeded,
                  array_agg(distinct worker) as workers
             from recon_runs where recon_id = $1 and trigger = 'schedule' group by 1 order by 1`,
          [RECON],
        );
        last = await sql(a.databaseUrl, `select status, trigger, scheduled_for, error_code, error_message from recon_runs where recon_id = $1`, [RECON]);
        return rows.filter((r) => r.succeeded > 0).length >= SLOTS ? rows : undefined;
      },
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; runs: ${JSON.stringify(last)}`);
    });
    expect(slots.filter((s) => s.runs !== 1)).toEqual([]);
    const all = await sql<{ trigger: string; n: number }>(a.databaseUrl, `select trigger, count(*)::int as n from recon_runs where recon_id = $1 group by 1`, [
      RECON,
    ]);
    expect(all.map((r) => r.trigger)).toEqual(['schedule']); // no retries: nothing ran twice or failed
    process.stdout.write(`slots: ${slots.length}, workers: ${[...new Set(slots.flatMap((s) => s.workers))].length}\n`);
  });

  it('shows a dashboard on replica A the hops of an event sent through replica B', async () => {
    const key = await b.ingestKey(['events']);
    socket = connectLive(a.url, { token: await a.tokenFor('viewer') });
    await connected(socket);
    const received = await crossingHops(
      socket,
      (i) => `replica-${i}`,
      async (id) => {
        const res = await fetch(`${b.url}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: [postedInvoice(FLOW, id)] }),
        });
        expect(res.status).toBe(200);
      },
    );
    expect(received?.find((h) => h.recordKey.startsWith('replica-'))).toMatchObject({ flow: FLOW, amount: '10.00' });
  });
});
