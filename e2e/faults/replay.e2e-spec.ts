import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunReport } from '@closewatch/contracts/runs';
import { startApiServer, type ApiServer } from '../support/api-server';
import { postedInvoice } from '../../apps/api/test/support/posted-invoice';
import { sql, storedCounts } from './support/stored';

/**
 * The same batches sent three times (a client retrying after a lost answer): stored once, each
 * repeat counted as duplicates (in the answers, the per-flow counters and the metrics).
 */
describe('faults: batches replayed three times', () => {
  const FLOW = 'fault-replay-flow';
  const SPAN_FLOW = 'coupa-to-oracle-invoices';
  let t: ApiServer;
  let key: string;

  beforeAll(async () => {
    t = await startApiServer();
    key = await t.ingestKey(['traces', 'events', 'runs']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** closewatch_ingest_items_total of a source and outcome. */
  async function itemsCounted(source: string, outcome: string): Promise<number> {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('closewatch_ingest_items_total{') && l.includes(`source="${source}"`) && l.includes(`outcome="${outcome}"`));
    return Number(line?.split(' ').pop() ?? 0);
  }

  it('stores events, runs and spans once and counts every repeat as a duplicate', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `replay-${i}`);
    const batch = { events: ids.map((id) => postedInvoice(FLOW, id)) };
    const run: RunReport = { flow: FLOW, runId: 'replay-run', status: 'failed', finishedAt: new Date().toISOString(), error: { code: 'E1' } };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push([await post('/api/v1/events', batch), await post('/api/v1/runs', run)]);
    expect(answers.map(([e, r]) => [e!.status, e!.body, r!.status, r!.body])).toEqual([
      [200, { accepted: 50, duplicates: 0, rejected: [] }, 201, { accepted: true, duplicate: false }],
      [200, { accepted: 0, duplicates: 50, rejected: [] }, 200, { accepted: true, duplicate: true }],
      [200, { accepted: 0, duplicates: 50, rejected: [] }, 200, { accepted: true, duplicate: true }],
    ]);

    const args = JSON.stringify({ url: t.url, key, exporter: 'protobuf', scenario: 'twice', recordKey: 'INV-REPLAY', times: 3 });
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'ingest-otlp-client.mjs'), args], { timeout: 30_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { results: number[]; spans: number; traceIds: string[] };
    expect(out.results).toEqual([0, 0, 0]);

    expect(await storedCounts(t.databaseUrl, 'events', new Set(ids), FLOW)).toEqual({ missing: 0, twice: 0, stored: 50 });
    expect(await storedCounts(t.databaseUrl, 'runs', new Set(['replay-run:failed']), FLOW)).toEqual({ missing: 0, twice: 0, stored: 1 });
    const spans = await sql<{ n: number }>(t.databaseUrl, 'select count(*)::int as n from trace_spans where trace_id = $1', [out.traceIds[0]]);
    expect(spans).toEqual([{ n: out.spans }]);
    const financeSpans = (await sql<{ n: number }>(t.databaseUrl, `select count(*)::int as n from hops where flow_id = $1`, [SPAN_FLOW]))[0]!.n;

    // Counted: events and finance spans per flow, every kind in the metrics.
    const counters = await sql<{ flow_id: string; hops: number; duplicates: number; runs: number }>(
      t.databaseUrl,
      `select flow_id, sum(hops)::int as hops, sum(duplicates)::int as duplicates, sum(runs)::int as runs from ingest_counters group by 1 order by 1`,
    );
    expect(counters).toEqual([
      { flow_id: SPAN_FLOW, hops: financeSpans, duplicates: 2 * financeSpans, runs: 0 },
      { flow_id: FLOW, hops: 50, duplicates: 100, runs: 1 },
    ]);
    expect(await itemsCounted('event', 'duplicate')).toBe(100);
    expect(await itemsCounted('run', 'duplicate')).toBe(2);
    expect(await itemsCounted('otlp', 'duplicate')).toBe(2 * out.spans);
  });
});
