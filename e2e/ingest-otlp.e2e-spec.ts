import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { type LineageResponse, type TraceResponse } from '@closewatch/contracts/telemetry';
import { startApiServer, type ApiServer } from './support/api-server';

/**
 * Black-box: the official OpenTelemetry SDK with its OTLP/HTTP exporters (JSON, protobuf,
 * protobuf + gzip), run in its own process (e2e/ingest-otlp-client.mjs), sends finance and
 * plain spans to the real server with an ingest key; the data is read back from PostgreSQL and
 * through the lineage and trace APIs.
 */
const SUCCESS = 0; // ExportResultCode.SUCCESS
const FAILED = 1; // ExportResultCode.FAILED

interface ClientOutput {
  traceIds: string[];
  results: number[];
  warnings: string[];
  spans?: number;
}

describe('OTLP ingest with the OpenTelemetry SDK exporters', () => {
  let t: ApiServer;
  let db: Client;
  let key: string;
  let reader: string;
  beforeAll(async () => {
    t = await startApiServer();
    key = await t.ingestKey(['traces']);
    reader = await t.tokenFor('auditor');
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function otlpClient(exporter: 'json' | 'protobuf' | 'gzip', scenario: string, recordKey = '', withKey = key): Promise<ClientOutput> {
    const args = JSON.stringify({ url: t.url, key: withKey, exporter, scenario, recordKey });
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'ingest-otlp-client.mjs'), args], { timeout: 30_000 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as ClientOutput;
  }
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it.each(['json', 'protobuf', 'gzip'] as const)('stores what the %s exporter sends: finance spans as hops, every span as trace context', async (exporter) => {
    const recordKey = `INV-E2E-${exporter}`;
    const out = await otlpClient(exporter, 'journey', recordKey);
    expect(out.results).toEqual([SUCCESS]);
    const [traceId] = out.traceIds;

    const spans = (await db.query('select finance_hop, service_name from trace_spans where trace_id = $1', [traceId])).rows;
    expect(spans).toHaveLength(5);
    expect(spans.filter((s) => s.finance_hop)).toHaveLength(3);
    expect(spans.every((s) => s.service_name === 'coupa-connector')).toBe(true);

    const lineage = await get<LineageResponse>(`/api/v1/lineage?recordKey=${encodeURIComponent(recordKey)}`);
    expect(lineage.hops.map((h) => [h.stage, h.system, h.status, h.amount, h.currency, h.entity, h.period, h.occurredAt])).toEqual([
      ['emitted', 'coupa-connector', 'ok', '1250.40', 'EUR', 'DE01', '2026-11', '2026-11-20T10:00:00.500Z'],
      ['transformed', 'mulesoft', 'ok', '1250.40', 'EUR', 'DE01', '2026-11', '2026-11-20T10:00:01.500Z'],
      ['posted', 'oracle-fusion', 'ok', '1250.40', 'EUR', 'DE01', '2026-11', '2026-11-20T10:00:02.500Z'],
    ]);
    expect(lineage.hops.every((h) => h.traceId === traceId && h.flow === 'coupa-to-oracle-invoices' && /^[0-9a-f]{16}$/.test(h.spanId ?? ''))).toBe(true);

    const tr = await get<TraceResponse>(`/api/v1/traces/${traceId}`);
    expect(tr.spans).toHaveLength(5);
    expect(tr.spans.filter((s) => s.financeHop)).toHaveLength(3);
  });

  it('stores the same spans once when an exporter sends them twice', async () => {
    const out = await otlpClient('protobuf', 'twice', 'INV-E2E-TWICE');
    expect(out.results).toEqual([SUCCESS, SUCCESS]);
    expect(Number((await db.query('select count(*) from trace_spans where trace_id = $1', [out.traceIds[0]])).rows[0].count)).toBe(out.spans);
    const hops = (await db.query(`select stage, status, error_class, error_message from hops where record_key = 'INV-E2E-TWICE' order by occurred_at`)).rows;
    expect(hops).toEqual([
      { stage: 'received', status: 'ok', error_class: null, error_message: null },
      { stage: 'failed', status: 'error', error_class: 'target_rejected', error_message: 'GL account missing' },
    ]);
  });

  it('tells the exporter which spans it could not use (partial success) and keeps the rest', async () => {
    const out = await otlpClient('json', 'partial', 'PAY-E2E');
    expect(out.results).toEqual([SUCCESS]);
    expect(out.warnings.join('\n')).toMatch(/Partial Success.*rejectedSpans.*1.*finance\.amount/s);
    expect((await db.query(`select record_key from hops where flow_id = 'stripe-payments'`)).rows).toEqual([{ record_key: 'PAY-E2E-1' }]);
  });

  it('refuses an exporter with a wrong key, and keeps serving', async () => {
    const refused = await otlpClient('protobuf', 'plain', '', 'not-a-key');
    expect(refused.results).toEqual([FAILED]);
    expect(refused.warnings.join('\n')).toContain('Unauthorized');
    expect((await otlpClient('gzip', 'plain')).results).toEqual([SUCCESS]);
  });
});
