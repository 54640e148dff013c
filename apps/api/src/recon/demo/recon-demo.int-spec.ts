import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconDto, type ReconRunDto } from '@closewatch/contracts/recon';
import { adminQuery, TEST_ENV } from '../../../test/support/test-database';
import { api } from '../../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { BootstrapService } from '../../bootstrap/bootstrap.service';
import { ConnectionsService } from '../connections/connections.service';
import { DEMO_SOURCE_CONNECTION, DEMO_TARGET_CONNECTION, demoData } from './demo-data';
import { ReconDemoService } from './recon-demo.service';
import { ReconWorkerService } from '../runs/recon-worker.service';

describe('demo reconciliations', () => {
  let t: TestApp;
  let names: { source: string; target: string };

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_DEMO: 'true' });
    names = await t.app.get(ReconDemoService).demoNames();
  });

  afterAll(async () => {
    await t?.close();
    for (const db of [names?.source, names?.target]) if (db) await adminQuery(process.env[TEST_ENV.adminUrl]!, `drop database if exists "${db}" with (force)`);
    if (reader) await adminQuery(process.env[TEST_ENV.adminUrl]!, `drop role if exists "${reader}"`);
  });

  let reader: string | undefined;

  /** Runs one statement on a connection as the demo stores it; returns the rows or the error's message. */
  async function asDemoConnection(name: string, sql: string): Promise<{ rows?: unknown[]; error?: string }> {
    const client = new Client({ connectionString: await t.app.get(ConnectionsService).url(name) });
    await client.connect();
    try {
      return { rows: (await client.query(sql)).rows };
    } catch (err) {
      return { error: (err as Error).message };
    } finally {
      await client.end();
    }
  }

  it('skips without the demo flow in the catalog', async () => {
    expect(await t.app.get(ReconDemoService).seed()).toBeUndefined();
  });

  it('creates two demo databases, connections and reconciliations, and their first runs find every injected break', async () => {
    await t.app.get(BootstrapService).loadDemoCatalog();
    const seeded = await t.app.get(ReconDemoService).seed();
    expect(seeded).toMatchObject({
      mode: 'databases',
      created: [names.source, names.target, 'recon coupa-oracle-invoices', 'recon coupa-oracle-invoices-telemetry'],
    });
    reader = seeded!.reader!;
    expect(reader).toMatch(/_demo_reader$/);
    expect(seeded!.queuedRuns).toHaveLength(2);
    const finished = await t.app.get(ReconWorkerService).drain();
    expect(finished.map((f) => f.status)).toEqual(['succeeded', 'succeeded']);

    const admin = api(t, await t.tokenFor('admin'));
    const recons = (await admin.get<Page<ReconDto>>('/api/v1/recons')).body.items;
    expect(recons.map((r) => [r.id, r.lastRun?.status])).toEqual([
      ['coupa-oracle-invoices', 'succeeded'],
      ['coupa-oracle-invoices-telemetry', 'succeeded'],
    ]);
    const period = recons[0]!.scope.period!;
    const expected = demoData(period).expected;
    const run = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${recons[0]!.lastRun!.runId}`)).body;
    expect(run.summary!.breaks).toEqual({
      missing_in_target: expected.missing,
      unexpected_in_target: expected.unexpected,
      amount_mismatch: expected.amount,
      field_mismatch: expected.field,
      duplicate_key: expected.duplicate,
    });
    expect(Object.values(run.summary!.breaks).every((n) => n > 0)).toBe(true);
    expect(run.summary!.source.rows).toBe(demoData(period).invoices.length);
    expect(run.exceptions.raised).toBeGreaterThan(0);
  });

  it('keeps everything as it is on the next start, and only queues new runs', async () => {
    const ds = t.app.get(DataSource);
    const before: unknown[] = await ds.query(`select id, version from recon_definitions order by id`);
    const seeded = await t.app.get(ReconDemoService).seed();
    expect(seeded!.created).toEqual([]);
    expect(seeded!.queuedRuns).toHaveLength(2);
    expect(await ds.query(`select id, version from recon_definitions order by id`)).toEqual(before);
    const finished = await t.app.get(ReconWorkerService).drain();
    expect(finished.map((f) => f.status)).toEqual(['succeeded', 'succeeded']);
    const runs: { source_rows: string }[] = await ds.query(
      `select source_rows from recon_runs where recon_id = 'coupa-oracle-invoices' and status = 'succeeded'`,
    );
    expect(new Set(runs.map((r) => r.source_rows)).size).toBe(1);
  });

  it('logs its connections in as a read-only role that reads the demo tables and nothing else', async () => {
    const who = await asDemoConnection(
      DEMO_SOURCE_CONNECTION,
      `select current_user as me, r.rolsuper, current_setting('default_transaction_read_only') as ro from pg_roles r where r.rolname = current_user`,
    );
    expect(who.rows).toEqual([{ me: reader, rolsuper: false, ro: 'on' }]);
    expect((await asDemoConnection(DEMO_SOURCE_CONNECTION, `select count(*)::int as n from invoices`)).rows).toEqual([{ n: expect.any(Number) }]);
    expect((await asDemoConnection(DEMO_TARGET_CONNECTION, `select count(*)::int as n from ap_postings`)).rows).toEqual([{ n: expect.any(Number) }]);

    expect((await asDemoConnection(DEMO_SOURCE_CONNECTION, `select pg_read_file('/etc/hostname')`)).error).toMatch(/permission denied/);
    expect((await asDemoConnection(DEMO_SOURCE_CONNECTION, `copy (select 1) to program 'true'`)).error).toMatch(
      /permission denied|must be superuser|read-only/,
    );
    // Writing fails for want of the right, not only because the transaction is read-only by default.
    expect((await asDemoConnection(DEMO_SOURCE_CONNECTION, `begin read write; delete from invoices`)).error).toMatch(/permission denied/);
    expect((await asDemoConnection(DEMO_TARGET_CONNECTION, `begin read write; create temporary table t (x int)`)).error).toMatch(/permission denied/);

    // Closewatch's own tables: in another database, which the role may not even connect to with its rights there.
    const own = new URL(await t.app.get(ConnectionsService).url(DEMO_SOURCE_CONNECTION));
    own.pathname = new URL(t.databaseUrl).pathname;
    const client = new Client({ connectionString: own.toString() });
    const outcome = await client.connect().then(
      async () => {
        const results: string[] = [];
        for (const table of ['users', 'ingest_keys', 'recon_connections'])
          results.push(
            await client.query(`select * from ${table}`).then(
              () => 'read',
              (err: Error) => err.message,
            ),
          );
        await client.end();
        return results;
      },
      (err: Error) => [err.message],
    );
    for (const r of outcome) expect(r).toMatch(/permission denied/);
  });
});
