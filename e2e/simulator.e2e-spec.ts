import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type CatalogImportSummary } from '@closewatch/contracts/catalog';
import { type LineageResponse } from '@closewatch/contracts/telemetry';
import { startApiServer, type ApiServer } from './support/api-server';

/**
 * The built demo simulator (`node apps/simulator/dist/main.js`) against the real server over
 * HTTP: a bounded run with many faults, then the database must show what a real integration
 * landscape with those failures would leave behind.
 */
const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'apps', 'simulator', 'dist', 'main.js');
const RECORDS = 150;

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

interface Summary extends LogLine {
  reason: string;
  recordsStarted: number;
  hopsSent: { otlp: number; events: number };
  redeliveries: { otlp: number; events: number };
  plainSpans: number;
  events: { accepted: number; duplicates: number; rejected: number; lost: number };
  spans: { exported: number; failed: number };
  runs: { planned: number; skipped: number; reportsSent: number; reportsFailed: number };
  faults: Record<'unmapped_cost_centre' | 'duplicate_event' | 'erp_outage' | 'amount_changed' | 'late_batch', number>;
  faultSamples: Record<string, string[]>;
  flows: Record<string, number>;
}

function runSimulator(args: string[]): Promise<{ code: number | null; lines: LogLine[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const lines = out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as LogLine);
      resolve({ code, lines, stderr: err });
    });
  });
}

describe('demo simulator against the real server', () => {
  let app: ApiServer;
  let db: Client;
  let summary: Summary;
  let lines: LogLine[];
  let finishedAt: number;
  let token: string;
  let imported: CatalogImportSummary;

  beforeAll(async () => {
    // Build (incrementally) what `npm run simulate` and demo mode run.
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'apps/simulator/tsconfig.app.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`simulator build failed:\n${build.stdout}${build.stderr}`);
    app = await startApiServer();
    db = new Client({ connectionString: app.databaseUrl });
    await db.connect();
    // The catalog demo mode loads, imported here through the real API as an admin would.
    token = await app.tokenFor('admin');
    const put = await fetch(`${app.url}/api/v1/catalog`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' },
      body: readFileSync(join(ROOT, 'apps', 'simulator', 'demo-catalog.yaml'), 'utf8'),
    });
    if (put.status !== 200) throw new Error(`demo catalog import failed: ${put.status} ${await put.text()}`);
    imported = (await put.json()) as CatalogImportSummary;
    const key = await app.ingestKey();
    const run = await runSimulator(['--url', app.url, '--key', key, '--records', String(RECORDS), '--rate', '50', '--fault-rate', '0.5', '--seed', '20261122']);
    finishedAt = Date.now();
    if (run.code !== 0) throw new Error(`simulator exited with ${run.code}:\n${run.stderr}\n${JSON.stringify(run.lines.slice(-5))}`);
    lines = run.lines;
    summary = lines.find((l) => l.msg === 'simulator stopped') as Summary;
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  const lineage = async (recordKey: string): Promise<LineageResponse> => {
    const res = await fetch(`${app.url}/api/v1/lineage?recordKey=${encodeURIComponent(recordKey)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as LineageResponse;
  };
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await db.query(sql, params)).rows[0] as T;
  const all = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];

  it('logs its start and a final summary as JSON lines, and everything it sent was accepted', () => {
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'simulator started', seed: 20261122, rate: 50, faultRate: 0.5 });
    expect(summary).toMatchObject({ reason: 'records', recordsStarted: RECORDS, undelivered: 0 });
    expect(summary.events).toMatchObject({ rejected: 0, lost: 0 });
    expect(summary.spans.failed).toBe(0);
    expect(summary.runs.reportsFailed).toBe(0);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('stores every distinct step once: redeliveries are counted as duplicates, not stored again', async () => {
    const distinct = summary.hopsSent.otlp + summary.hopsSent.events;
    expect(summary.redeliveries.otlp + summary.redeliveries.events).toBe(summary.faults.duplicate_event);
    expect(summary.faults.duplicate_event).toBeGreaterThan(0);
    const hops = await one<{ n: number; otlp: number; event: number }>(
      `select count(*)::int n, count(*) filter (where source = 'otlp')::int otlp, count(*) filter (where source = 'event')::int event from hops`,
    );
    expect(hops).toEqual({ n: distinct, otlp: summary.hopsSent.otlp, event: summary.hopsSent.events });
    const counted = await one<{ duplicates: number }>(`select coalesce(sum(duplicates), 0)::int duplicates from ingest_counters`);
    expect(counted.duplicates).toBe(summary.redeliveries.otlp + summary.redeliveries.events);
    expect(summary.events.duplicates).toBe(summary.redeliveries.events);
  });

  it('shows hops of all three scenarios, from spans and from events', async () => {
    const flows = await all<{ flow_id: string; source: string; n: number }>(`select flow_id, source, count(*)::int n from hops group by 1, 2`);
    const seen = new Set(flows.map((f) => f.flow_id));
    for (const flow of Object.keys(summary.flows)) expect(seen).toContain(flow);
    // SaaS, manufacturer and source-to-pay each have a traced flow.
    for (const flow of ['salesforce-to-netsuite-orders', 'mes-to-sap-production', 'coupa-to-oracle-invoices']) {
      expect(flows.find((f) => f.flow_id === flow && f.source === 'otlp')?.n ?? 0).toBeGreaterThan(0);
    }
    expect(flows.some((f) => f.source === 'event')).toBe(true);
  });

  it('sends only flows of the demo catalog: every hop is of a registered flow', async () => {
    expect(imported.created.flows).toHaveLength(9);
    const keys = await all<{ record_key: string }>(`select distinct on (flow_id) record_key from hops order by flow_id, id`);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const { record_key } of keys) {
      const l = await lineage(record_key);
      expect(l.hops.length).toBeGreaterThan(0);
      expect(l.hops.filter((h) => !h.registered)).toEqual([]);
    }
  });

  it('carries exact amounts, currencies, entities and the current period', async () => {
    const bad = await all(
      `select record_key, amount::text, currency, entity, period from hops
        where record_type <> 'supplier' and record_type <> 'actuals_batch'
          and (amount::text !~ '^[0-9]+\\.[0-9]{2}$' or currency is null or entity is null or period is null)`,
    );
    expect(bad).toEqual([]);
    const periods = await all<{ period: string }>(`select distinct period from hops where record_type <> 'actuals_batch'`);
    const now = new Date(finishedAt).toISOString().slice(0, 7);
    expect(periods.map((p) => p.period).every((p) => p === now || p < now)).toBe(true);
  });

  it('puts a record hops across systems into one trace, each span under its system as service.name', async () => {
    const key = (
      await one<{ record_key: string }>(
        `select record_key from hops where flow_id = 'coupa-to-oracle-invoices' and stage = 'posted' and source = 'otlp' limit 1`,
      )
    ).record_key;
    const traces = await all<{ trace_id: string }>(`select distinct trace_id from hops where record_key = $1`, [key]);
    expect(traces).toHaveLength(1);
    const spans = await all<{ service_name: string; finance_hop: boolean; parent_span_id: string | null }>(
      `select service_name, finance_hop, parent_span_id from trace_spans where trace_id = $1`,
      [traces[0]!.trace_id],
    );
    expect(new Set(spans.filter((s) => s.finance_hop).map((s) => s.service_name))).toEqual(new Set(['coupa', 'ap-automation', 'oracle-fusion']));
    // One root; the HTTP call into Oracle is plain trace context.
    expect(spans.filter((s) => s.parent_span_id === null)).toHaveLength(1);
    expect(spans.filter((s) => !s.finance_hop).map((s) => s.service_name)).toEqual(['ap-automation']);
    const systems = await all<{ system: string }>(`select system from hops where record_key = $1 order by occurred_at`, [key]);
    expect(systems.map((s) => s.system)).toEqual(['coupa', 'ap-automation', 'ap-automation', 'ap-automation', 'oracle-fusion']);
  });

  it('unmapped cost centre: a mapping error at transformed naming the cost centre', async () => {
    expect(summary.faults.unmapped_cost_centre).toBeGreaterThan(0);
    const rows = await all<{ record_key: string; status: string; error_message: string }>(
      `select record_key, status, error_message from hops where error_class = 'mapping'`,
    );
    expect(rows).toHaveLength(summary.faults.unmapped_cost_centre);
    for (const r of rows) {
      expect(r.status).toBe('error');
      expect(r.error_message).toMatch(/cost centre CC-9\d{3}/);
    }
    const stages = await all<{ stage: string }>(`select distinct stage from hops where error_class = 'mapping'`);
    expect(stages).toEqual([{ stage: 'transformed' }]);
    const posted = await one<{ n: number }>(
      `select count(*)::int n from hops where stage in ('posted', 'published') and record_key in (select record_key from hops where error_class = 'mapping')`,
    );
    expect(posted.n).toBe(0);
  });

  it('ERP outage: transient failures and replays, then dead-lettered, never posted', async () => {
    expect(summary.faults.erp_outage).toBeGreaterThan(0);
    const records = await all<{ record_key: string; failed: number; replayed: number; dead: number; posted: number }>(
      `select record_key,
              count(*) filter (where stage = 'failed' and error_class = 'transient' and status = 'error')::int failed,
              count(*) filter (where stage = 'replayed')::int replayed,
              count(*) filter (where stage = 'dead_lettered' and status = 'error')::int dead,
              count(*) filter (where stage = 'posted')::int posted
         from hops where record_key in (select record_key from hops where stage = 'dead_lettered') group by 1`,
    );
    expect(records).toHaveLength(summary.faults.erp_outage);
    for (const r of records) {
      expect(r.failed).toBeGreaterThanOrEqual(3);
      expect(r.replayed).toBe(r.failed - 1);
      expect(r.dead).toBe(1);
      expect(r.posted).toBe(0);
    }
  });

  it('amount changed: the lineage shows the target booked a different amount than the source emitted', async () => {
    expect(summary.faults.amount_changed).toBeGreaterThan(0);
    for (const key of summary.faultSamples.amount_changed ?? []) {
      const l = await lineage(key);
      const emitted = l.hops.find((h) => h.stage === 'emitted')!;
      const landed = l.hops.find((h) => h.stage === 'posted' || h.stage === 'published')!;
      expect(landed.amount).not.toBe(emitted.amount);
      expect(l.amountDrift).toHaveLength(1);
      expect(l.amountDrift[0]).toMatchObject({ from: emitted.amount, to: landed.amount, currency: emitted.currency, fromHop: { stage: 'received' } });
      // The drift comes in with a mapping version the record's other steps never used.
      expect(l.amountDrift[0]!.toHop.stage).toBe('transformed');
    }
  });

  it('records batch runs with rows, period and entity; a late run starts after its grace period', async () => {
    const runs = await all<{
      flow_id: string;
      run_id: string;
      status: string;
      started_at: Date;
      rows_read: string | null;
      rows_written: string | null;
      rows_rejected: string | null;
      period: string;
      entity: string;
      watermark: string;
    }>(`select flow_id, run_id, status, started_at, rows_read::text, rows_written::text, rows_rejected::text, period, entity, watermark from runs`);
    expect(runs).toHaveLength(summary.runs.reportsSent);
    expect(summary.runs.reportsSent).toBeGreaterThan(0);
    for (const r of runs) {
      expect(['netsuite-to-anaplan-actuals', 'sap-to-powerbi-costed-actuals', 'oracle-to-powerbi-ap-actuals']).toContain(r.flow_id);
      expect(r.period).toMatch(/^\d{4}-\d{2}$/);
      expect(r.entity).toMatch(/^[A-Z]{2}\d{2}$/);
      expect(r.started_at.getTime()).toBeGreaterThanOrEqual(Date.parse(r.watermark));
      if (r.status === 'succeeded') expect(Number(r.rows_read)).toBe(Number(r.rows_written) + Number(r.rows_rejected));
    }
    // Each finished run also left its actuals_batch record, emitted at the source and landed at the target.
    const finished = runs.filter((r) => r.status === 'succeeded');
    for (const r of finished) {
      const stages = await all<{ stage: string }>(`select stage from hops where batch_id = $1 order by occurred_at`, [r.run_id]);
      expect(stages.map((s) => s.stage)).toEqual(['emitted', r.flow_id === 'netsuite-to-anaplan-actuals' ? 'posted' : 'published']);
    }
    const grace: Record<string, number> = { 'netsuite-to-anaplan-actuals': 3600, 'sap-to-powerbi-costed-actuals': 1200, 'oracle-to-powerbi-ap-actuals': 1200 };
    const simulatorStart = Date.parse(lines[0]!.time as string);
    for (const late of lines.filter((l) => l.msg === 'batch run late (late batch fault)')) {
      const started = runs.find((r) => r.run_id === late.runId && r.status === 'started');
      if (!started) {
        // Not started yet: its start was still ahead when the simulator planned it.
        expect(Date.parse(late.startAt as string)).toBeGreaterThan(simulatorStart);
        continue;
      }
      expect(started.started_at.toISOString()).toBe(late.startAt);
      expect(started.started_at.getTime() - Date.parse(started.watermark)).toBeGreaterThan(grace[started.flow_id]! * 1000);
    }
    const skipped = lines.filter((l) => l.msg === 'batch run skipped (late batch fault: it does not run)');
    expect(skipped).toHaveLength(summary.runs.skipped);
    for (const s of skipped) expect(runs.some((r) => r.run_id === s.runId)).toBe(false);
  });
});
