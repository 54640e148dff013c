import { Client } from 'pg';
import { type ReconRunDto } from '@closewatch/contracts/recon';
import { adminQuery, withDatabase } from '../../apps/api/test/support/test-database';
import { api, createFlow } from '../../apps/api/test/support/recon-fixtures';
import { type ApiServer, startApiServerOn } from '../support/api-server';
import { until } from '../support/until';
import { postedInvoice } from '../../apps/api/test/support/posted-invoice';
import { eventAndRunLoad } from './support/ingest-load';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { sql, storedCounts } from './support/stored';

/**
 * PostgreSQL restarted under the built server, mid-ingest and mid-reconciliation (a private
 * PostgreSQL: e2e/faults/support/private-postgres.ts). While it is down the server answers
 * not ready and refuses ingest with 503 + Retry-After; when it is back the server is ready again
 * with no manual step, everything acknowledged is stored once, and the reconciliation run the
 * restart cut is failed (by the stale check, CLOSEWATCH_RECON_STALE_SECONDS) and retried from the
 * runs queue, and the retry succeeds.
 */
describe('faults: PostgreSQL restarted mid-ingest and mid-reconciliation', () => {
  const FLOW = 'fault-restart-flow';
  const GATE = 'fault-gate';
  let pg: PrivatePostgres;
  let t: ApiServer;
  let key: string;
  let admin: ReturnType<typeof api>;
  let sideUrl: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    // The reconciliation reads a database on the same server: the restart cuts its reading too.
    await adminQuery(pg.adminUrl, 'create database side');
    sideUrl = withDatabase(pg.adminUrl, 'side');
    await adminQuery(sideUrl, `create table gate (k text); insert into gate values ('a'), ('b')`);
    t = await startApiServerOn(
      { url: pg.adminUrl, drop: () => pg.remove() },
      {
        CLOSEWATCH_SCHEDULERS: 'true',
        CLOSEWATCH_RECON_WORKERS: '1',
        CLOSEWATCH_RECON_POLL_SECONDS: '1',
        CLOSEWATCH_RECON_STALE_SECONDS: '10',
        CLOSEWATCH_RECON_RETRIES: '2',
        CLOSEWATCH_RECON_RETRY_DELAY_SECONDS: '0',
        CLOSEWATCH_RECON_THREADS: '1',
        CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS: '2',
        // Warnings too (the cut run, the evaluator's and the workers' complaints), for the message below.
        LOG_LEVEL: 'warn',
      },
    );
    key = await t.ingestKey(['events', 'runs']);
    const adminToken = await t.tokenFor('admin');
    admin = api(t, adminToken);
    await createFlow(t, adminToken, FLOW);
    expect((await admin.post('/api/v1/connections', { name: 'side', kind: 'postgres', url: sideUrl })).status).toBe(201);
    const gate = { id: GATE, name: 'Fault gate', flow: FLOW, key: ['k'] };
    const dataset = { connector: 'postgres', connection: 'side', query: 'select k from gate' };
    expect((await admin.post('/api/v1/recons', { ...gate, source: dataset, target: dataset })).status).toBe(201);
  });
  afterAll(async () => {
    const server = t?.process();
    if (server && server.child.exitCode !== null) process.stdout.write(`the server exited with ${server.child.exitCode}:\n${server.output().slice(-6000)}\n`);
    await t?.close(); // stops and removes the private PostgreSQL too
    if (!t) await pg?.remove();
  });

  const ready = async () => {
    const res = await fetch(`${t.url}/health/ready`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('is not ready while the database is down, recovers by itself, and fails and retries the cut run', async () => {
    // A run that reads the gate while a session holds it locked: running until the restart.
    const lock = new Client({ connectionString: sideUrl });
    lock.on('error', () => undefined); // the restart terminates this session
    await lock.connect();
    await lock.query('begin');
    await lock.query('lock table gate in access exclusive mode');
    const started = await admin.post<{ runId: string }>(`/api/v1/recons/${GATE}/runs`);
    expect(started.status).toBe(202);
    const runId = started.body.runId;
    await until('the run to be running', async () =>
      (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${runId}`)).body.status === 'running' ? true : undefined,
    );

    const { events, runs } = eventAndRunLoad(t.url, key, FLOW, 'restart');
    let down: { status: number; body: unknown };
    let refused: Response;
    try {
      await until('events acknowledged', () => (events.acknowledged.size > 40 ? true : undefined));
      await pg.stop();
      await lock.end().catch(() => undefined);
      down = await until('not ready', async () => {
        const r = await ready();
        return r.status === 200 ? undefined : r;
      });
      refused = await fetch(`${t.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [postedInvoice(FLOW, 'while-down')] }),
      });
      const acknowledgedWhileUp = events.acknowledged.size;
      await pg.start();
      await until('ready again', async () => ((await ready()).status === 200 ? true : undefined), 60_000);
      await until('events acknowledged again', () => (events.acknowledged.size > acknowledgedWhileUp ? true : undefined), 60_000);
    } finally {
      await events.stop();
    }
    expect(down).toEqual({ status: 503, body: { status: 'unavailable', checks: { database: 'unreachable' } } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await storedCounts(pg.adminUrl, 'events', events.acknowledged, FLOW)).toMatchObject({ missing: 0, twice: 0 });
    expect(await storedCounts(pg.adminUrl, 'runs', runs.acknowledged, FLOW)).toMatchObject({ missing: 0, twice: 0 });
    expect((await sql(pg.adminUrl, `select 1 from hops where source_id = 'while-down'`)).length).toBe(0);

    // The cut run is failed and retried; the retry runs to the end.
    type Attempt = { id: string; status: string; error_code: string | null; retry_of: string | null; attempt: number };
    let seen: Attempt[] = [];
    const attempts = await until(
      'the retry of the cut run to finish',
      async () => {
        seen = await sql<Attempt>(pg.adminUrl, `select id, status, error_code, retry_of, attempt from recon_runs where recon_id = $1 order by attempt`, [GATE]);
        return seen.some((r) => r.status === 'succeeded') ? seen : undefined;
      },
      90_000,
    ).catch((err: Error) => {
      // What the runs and the server said, so a failure here can be read from the CI log.
      throw new Error(`${err.message}
recon_runs: ${JSON.stringify(seen)}
server output (last 6000 characters):
${t.process().output().slice(-6000)}`);
    });
    expect(attempts[0]).toMatchObject({ id: runId, status: 'failed', attempt: 1 });
    expect(['worker_lost', 'connection_failed']).toContain(attempts[0]!.error_code);
    expect(attempts.at(-1)).toMatchObject({ status: 'succeeded', retry_of: attempts.at(-2)!.id });
    process.stdout.write(`runs of the cut reconciliation: ${JSON.stringify(attempts.map((r) => [r.attempt, r.status, r.error_code]))}\n`);
  });
});
