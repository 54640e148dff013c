import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { type TestApp, startTestApp } from '../../test/test-app';
import { dataSource, get, hop, writeHops, writeRun } from '../../test/telemetry-fixtures';
import { tick } from '../../test/sync-health-fixtures';
import { TelemetryPartitions } from './telemetry-partitions.service';
import { addMonths, monthExpired, monthStart, partitionName, retentionCutoff } from '../database/telemetry-partitions';

const DAY = 86_400_000;

/**
 * The partition maintenance pass (apps/api/src/partitions): months made ahead with the rows the
 * default partition held for them moved in, one pass at a time across replicas, and retention by
 * whole partitions, audited, leaving the derived state and the API working.
 */
describe('telemetry partitions (int)', () => {
  let t: TestApp;
  let ds: DataSource;
  let partitions: TelemetryPartitions;
  const now = new Date();
  const old = new Date(now.getTime() - 200 * DAY);
  const future = new Date(addMonths(monthStart(now), 5).getTime() + 3 * DAY);

  const placeOf = async (sourceId: string) =>
    ((await ds.query(`select tableoid::regclass::text as p from hops where source_id = $1`, [sourceId])) as { p: string }[])[0]?.p;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_RETENTION_DAYS: '90' });
    ds = dataSource(t);
    partitions = t.app.get(TelemetryPartitions);
    await writeHops(t, [
      hop({ sourceId: 'old-1', flowId: 'f', recordKey: 'rk-old', stage: 'emitted', occurredAt: old }),
      hop({ sourceId: 'old-2', flowId: 'f', recordKey: 'rk-old', stage: 'posted', occurredAt: new Date(old.getTime() + 10 * DAY) }),
      hop({ sourceId: 'ancient', flowId: 'f', recordKey: 'rk-ancient', stage: 'posted', occurredAt: new Date('2001-03-04T05:06:07Z') }),
      hop({ sourceId: 'live', flowId: 'f', recordKey: 'rk-live', stage: 'posted', occurredAt: now }),
      hop({ sourceId: 'future', flowId: 'f', recordKey: 'rk-future', stage: 'emitted', occurredAt: future }),
    ]);
    await writeRun(t, { flow: 'f', runId: 'r-old', status: 'succeeded', startedAt: old.toISOString(), finishedAt: old.toISOString() });
    await writeRun(t, { flow: 'f', runId: 'r-untimed', status: 'started' });
    await tick(t, now);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('makes months ahead and moves the rows the default partition held for them', async () => {
    expect(await placeOf('old-1')).toBe('hops_default');
    const result = await partitions.maintain(old);
    expect(result!.made.map((m) => m.partition)).toEqual(
      ['hops', 'spans', 'runs'].flatMap((table) => [0, 1, 2].map((i) => `${table}:${addMonths(monthStart(old), i).toISOString().slice(0, 7)}`)),
    );
    expect(await placeOf('old-1')).toBe(partitionName('hops', monthStart(old)));
    expect(await placeOf('old-2')).toBe(partitionName('hops', monthStart(new Date(old.getTime() + 10 * DAY))));
    expect(result!.made.reduce((n, m) => n + m.movedRows, 0)).toBe(3); // two hops, one run
    expect(result!.dropped).toEqual([]); // everything made is inside the retention as of `old`
    // The 2001 row in the default partition is past the retention even as of `old`.
    expect(result!.expiredDefaultRows).toEqual([{ table: 'hops', rows: 1 }]);
    expect(await placeOf('ancient')).toBeUndefined();
  });

  it('skips the pass while another replica holds the claim', async () => {
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query(`select pg_advisory_lock(hashtextextended('closewatch:telemetry-partitions', 0))`);
      expect(await partitions.maintain(now)).toBeUndefined();
    } finally {
      await other.end();
    }
  });

  it('drops whole partitions past the retention, each drop and deletion audited', async () => {
    const recordSyncBefore = (await ds.query(`select count(*)::int as n from record_sync`)) as { n: number }[];
    // The contract keys of what is dropped go with it; those of what stays, stay.
    await ds.query(`insert into event_keys (flow_id, event_id, occurred_at) values ('f', 'k-old', $1), ('f', 'k-live', $2)`, [old, now]);
    await ds.query(
      `insert into run_keys (flow_id, run_id, status, run_at) values ('f', 'k-old', 'succeeded', $1), ('f', 'k-untimed', 'started', '-infinity')`,
      [old],
    );
    const cutoff = retentionCutoff(now, 90)!;
    const expired = [0, 1, 2].map((i) => addMonths(monthStart(old), i)).filter((m) => monthExpired(m, cutoff));
    const result = await partitions.maintain(now);
    expect(result!.dropped.map((d) => d.partition).sort()).toEqual(
      ['hops', 'spans', 'runs'].flatMap((table) => expired.map((m) => partitionName(table, m))).sort(),
    );
    expect(result!.dropped.reduce((n, d) => n + d.rows, 0)).toBe(3);
    expect(result!.expiredDefaultRows).toEqual([]);
    expect(result!.expiredKeys).toEqual([
      { table: 'event_keys', keys: 1 },
      { table: 'run_keys', keys: 1 },
    ]);
    expect(await ds.query(`select event_id from event_keys where event_id like 'k-%'`)).toEqual([{ event_id: 'k-live' }]);
    expect(await ds.query(`select run_id from run_keys where run_id like 'k-%'`)).toEqual([{ run_id: 'k-untimed' }]);
    const left = (await ds.query(`select source_id from hops order by source_id`)) as { source_id: string }[];
    expect(left.map((r) => r.source_id)).toEqual(['future', 'live']);
    // A started run with no time of its own has none to expire by: it stays.
    expect((await ds.query(`select run_id from runs`)) as unknown[]).toEqual([{ run_id: 'r-untimed' }]);

    const audit = (await ds.query(`select object_id, actor_kind, after from audit_log where action = 'telemetry.retention_deleted' order by id`)) as {
      object_id: string;
      actor_kind: string;
      after: { table: string; rows: number };
    }[];
    expect(audit.map((a) => a.object_id).sort()).toEqual([...result!.dropped.map((d) => d.partition), 'hops_default'].sort());
    expect(audit.every((a) => a.actor_kind === 'system')).toBe(true);
    expect(audit.find((a) => a.object_id === 'hops_default')!.after).toMatchObject({ table: 'hops', rows: 1, retentionDays: 90 });

    // Derived state stays; the evaluator and the API go on over what is left.
    expect((await ds.query(`select count(*)::int as n from record_sync`)) as unknown[]).toEqual(recordSyncBefore);
    await expect(tick(t, new Date(now.getTime() + 60_000))).resolves.toBeDefined();
    const token = await t.tokenFor('viewer');
    const gone = await get<{ hops: unknown[] }>(t, '/api/v1/lineage?recordKey=rk-old', token);
    expect(gone.status).toBe(200);
    expect(gone.body.hops).toEqual([]);
    const live = await get<{ hops: unknown[] }>(t, '/api/v1/lineage?recordKey=rk-live', token);
    expect(live.body.hops).toHaveLength(1);
    expect((await get(t, '/api/v1/hops?flow=f&limit=10', token)).status).toBe(200);
    expect((await partitions.maintain(now))!.dropped).toEqual([]);
  });

  it('gives a past month with rows waiting in the default partition its partition', async () => {
    const lastMonth = addMonths(monthStart(now), -1);
    await writeHops(t, [hop({ sourceId: 'late', flowId: 'f', recordKey: 'rk-late', stage: 'posted', occurredAt: new Date(lastMonth.getTime() + DAY) })]);
    expect(await placeOf('late')).toBe('hops_default');
    const result = await partitions.maintain(now);
    expect(result!.made).toEqual([{ partition: `hops:${lastMonth.toISOString().slice(0, 7)}`, movedRows: 1 }]);
    expect(await placeOf('late')).toBe(partitionName('hops', lastMonth));
  });

  it('moves a row sent months ahead into its partition once that month is made', async () => {
    expect(await placeOf('future')).toBe('hops_default');
    await partitions.maintain(addMonths(monthStart(now), 4));
    expect(await placeOf('future')).toBe(partitionName('hops', monthStart(future)));
  });
});
