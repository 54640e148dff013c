import { LINEAGE_SECTION_LIMIT, type LineageDetailResponse, lineageSectionsSchema } from '@closewatch/contracts/lineage';
import { type HopDto, type LineageResponse } from '@closewatch/contracts/telemetry';
import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { api } from '../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, errorFields, get, hop, writeHops } from '../../test/telemetry-fixtures';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { ReconWorkerService } from '../recon/runs/recon-worker.service';
import { LINEAGE_CSV_HEADER } from './lineage-csv';

const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';
const BIG = '1234567890123.4567';
const t0 = Date.parse('2026-11-02T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

describe('GET /api/v1/lineage', () => {
  let t: TestApp;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.tokenFor('viewer');
    await addFlow(t, 'coupa-to-netsuite', 'AP invoices: Coupa to NetSuite');
    // Written out of time order, in separate batches, so ids do not follow time.
    await writeHops(t, [
      hop({ flowId: 'netsuite-to-snowflake', recordKey: 'INV-10023', stage: 'published', system: 'snowflake', occurredAt: at(60), traceId: TRACE_B }),
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'INV-OTHER', stage: 'emitted', system: 'coupa', occurredAt: at(1), amount: '5.00', currency: 'USD' }),
    ]);
    await writeHops(t, [
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'INV-10023',
        stage: 'posted',
        system: 'netsuite',
        occurredAt: at(30),
        amount: '1234567890124.0067',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
        dataStatus: 'posted',
        mappingVersion: 'v7',
        traceId: TRACE_B,
        spanId: 'b7ad6b7169203331',
      }),
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'INV-10023',
        stage: 'failed',
        system: 'netsuite',
        occurredAt: at(20),
        amount: BIG,
        currency: 'USD',
        traceId: TRACE_A,
        errorClass: 'target_rejected',
        errorCode: 'PERIOD_CLOSED',
        errorMessage: 'Period "2026-10" is closed, use 2026-11',
      }),
    ]);
    await writeHops(t, [
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'INV-10023',
        stage: 'emitted',
        system: 'coupa',
        occurredAt: at(0),
        amount: BIG,
        currency: 'USD',
        traceId: TRACE_A,
      }),
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'INV-10023',
        stage: 'received',
        system: 'mulesoft',
        occurredAt: at(10),
        amount: BIG,
        currency: 'USD',
        traceId: TRACE_A,
      }),
      // Same time as `received`, written later: comes after it.
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'INV-10023',
        stage: 'transformed',
        system: 'mulesoft',
        occurredAt: at(10),
        amount: BIG,
        currency: 'USD',
        traceId: TRACE_A,
      }),
    ]);
  });
  afterAll(() => t.close());

  /** Exceptions through the real intake; breaks (and the exceptions they raise) through a real telemetry reconciliation run. */
  async function findExceptionsAndBreaks(): Promise<{ runId: string }> {
    const intake = t.app.get(ExceptionsService);
    await intake.recordFinding({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-10023',
      cause: 'target_rejected',
      amount: BIG,
      currency: 'USD',
      observedAt: at(20),
    });
    await intake.recordFinding({ type: 'sync_delay', flow: 'coupa-to-netsuite', recordKey: 'INV-OTHER', observedAt: at(50) });
    await intake.recordFindings(
      Array.from({ length: LINEAGE_SECTION_LIMIT + 1 }, (_, i) => ({
        type: 'delivery_failure' as const,
        flow: 'coupa-to-netsuite',
        recordKey: 'INV-MANY',
        cause: `cause-${String(i).padStart(3, '0')}`,
        observedAt: at(i),
      })),
    );
    const admin = api(t, await t.tokenFor('admin'));
    const created = await admin.post('/api/v1/recons', {
      id: 'coupa-netsuite-telemetry',
      name: 'Emitted in Coupa vs posted in NetSuite',
      flow: 'coupa-to-netsuite',
      source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
      target: { connector: 'telemetry', stage: 'posted', system: 'netsuite' },
      key: ['record_key'],
      compare: [{ field: 'amount', type: 'amount' }, 'currency'],
    });
    expect(created.status).toBe(201);
    const started = await admin.post<{ runId: string }>('/api/v1/recons/coupa-netsuite-telemetry/runs');
    expect(started.status).toBe(202);
    await t.app.get(ReconWorkerService).drain();
    return started.body;
  }

  it('answers every hop of the record across flows and systems in time order, then write order', async () => {
    const res = await get<LineageResponse>(t, '/api/v1/lineage?recordKey=INV-10023', viewer);
    expect(res.status).toBe(200);
    expect(res.body.recordKey).toBe('INV-10023');
    expect(res.body.hops.map((h) => [h.stage, h.system, h.flow])).toEqual([
      ['emitted', 'coupa', 'coupa-to-netsuite'],
      ['received', 'mulesoft', 'coupa-to-netsuite'],
      ['transformed', 'mulesoft', 'coupa-to-netsuite'],
      ['failed', 'netsuite', 'coupa-to-netsuite'],
      ['posted', 'netsuite', 'coupa-to-netsuite'],
      ['published', 'snowflake', 'netsuite-to-snowflake'],
    ]);
    expect(res.body.hops.every((h) => h.recordKey === 'INV-10023')).toBe(true);
  });

  it('gives each hop the fields of the lineage contract, amounts as exact decimal strings', async () => {
    const { body } = await get<LineageResponse>(t, '/api/v1/lineage?recordKey=INV-10023', viewer);
    for (const h of body.hops) {
      for (const field of [
        'flow',
        'stage',
        'system',
        'status',
        'occurredAt',
        'amount',
        'currency',
        'entity',
        'period',
        'dataStatus',
        'mappingVersion',
        'traceId',
        'spanId',
        'error',
      ]) {
        expect(h).toHaveProperty(field);
      }
    }
    expect(body.hops[0]?.amount).toBe(BIG);
    expect(body.hops[4]).toMatchObject({
      amount: '1234567890124.0067',
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
      dataStatus: 'posted',
      mappingVersion: 'v7',
      traceId: TRACE_B,
      spanId: 'b7ad6b7169203331',
      occurredAt: '2026-11-02T10:00:30.000Z',
      status: 'ok',
      error: null,
      registered: true,
      source: 'event',
    });
    expect(body.hops[3]).toMatchObject({
      status: 'error',
      error: { class: 'target_rejected', code: 'PERIOD_CLOSED', message: 'Period "2026-10" is closed, use 2026-11' },
    });
    expect(body.hops[5]?.registered).toBe(false);
  });

  it('reports amount drift between hops exactly, and the distinct traces in order', async () => {
    const { body } = await get<LineageResponse>(t, '/api/v1/lineage?recordKey=INV-10023', viewer);
    expect(body.amountDrift).toEqual([
      {
        currency: 'USD',
        from: BIG,
        to: '1234567890124.0067',
        difference: '0.5500',
        fromHop: { index: 3, flow: 'coupa-to-netsuite', stage: 'failed', system: 'netsuite', occurredAt: '2026-11-02T10:00:20.000Z' },
        toHop: { index: 4, flow: 'coupa-to-netsuite', stage: 'posted', system: 'netsuite', occurredAt: '2026-11-02T10:00:30.000Z' },
      },
    ]);
    expect(body.traceIds).toEqual([TRACE_A, TRACE_B]);
    expect(body.truncated).toBe(false);
  });

  it('answers an unknown record key with no hops and empty sections', async () => {
    const res = await get(t, '/api/v1/lineage?recordKey=NOPE-1', viewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      recordKey: 'NOPE-1',
      hops: [],
      amountDrift: [],
      traceIds: [],
      truncated: false,
      traces: [],
      exceptions: [],
      breaks: [],
      totals: { traces: 0, exceptions: 0, breaks: 0 },
    });
  });

  describe('traces, exceptions and reconciliation breaks', () => {
    let runId: string;
    let body: LineageDetailResponse;

    beforeAll(async () => {
      ({ runId } = await findExceptionsAndBreaks());
      const res = await get<LineageDetailResponse>(t, '/api/v1/lineage?recordKey=INV-10023', viewer);
      expect(res.status).toBe(200);
      body = res.body;
    });

    it('keeps the fixed keys and adds the sections, typed as libs/contracts says', () => {
      expect(Object.keys(body)).toEqual(['recordKey', 'hops', 'amountDrift', 'traceIds', 'truncated', 'traces', 'exceptions', 'breaks', 'totals']);
      expect(() => lineageSectionsSchema.parse(body)).not.toThrow();
    });

    it('lists the traces behind the record, newest first, with their time span, flows and systems', () => {
      expect(body.traces.map((tr) => [tr.traceId, tr.firstAt, tr.lastAt, tr.hops, tr.errors])).toEqual([
        [TRACE_B, '2026-11-02T10:00:30.000Z', '2026-11-02T10:01:00.000Z', 2, 0],
        [TRACE_A, '2026-11-02T10:00:00.000Z', '2026-11-02T10:00:20.000Z', 4, 1],
      ]);
      expect(body.traces[0]).toMatchObject({ flows: ['coupa-to-netsuite', 'netsuite-to-snowflake'], systems: ['netsuite', 'snowflake'] });
      expect(body.traces[1]).toMatchObject({ flows: ['coupa-to-netsuite'], systems: ['coupa', 'mulesoft', 'netsuite'] });
      expect(body.totals.traces).toBe(2);
    });

    it('lists the reconciliation breaks of the record with their run and reconciliation, as stored', () => {
      expect(body.breaks).toHaveLength(1);
      expect(body.breaks[0]).toMatchObject({
        reconId: 'coupa-netsuite-telemetry',
        reconName: 'Emitted in Coupa vs posted in NetSuite',
        runId,
        runStatus: 'succeeded',
        flow: 'coupa-to-netsuite',
        type: 'amount_mismatch',
        key: { record_key: 'INV-10023' },
        differences: [expect.objectContaining({ field: 'amount', source: BIG, target: '1234567890124.0067', difference: '0.55' })],
      });
      expect(body.breaks[0]?.foundAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(body.totals.breaks).toBe(1);
    });

    it('lists the exceptions of the record, the one its break raised included, newest first', () => {
      const raised = body.breaks[0]?.exceptionId;
      expect(raised).toEqual(expect.any(String));
      expect(body.exceptions.map((e) => [e.type, e.cause])).toEqual(
        expect.arrayContaining([
          ['delivery_failure', 'target_rejected'],
          ['recon_break', 'amount_mismatch@coupa-netsuite-telemetry'],
        ]),
      );
      expect(body.exceptions).toHaveLength(2);
      expect(body.exceptions.find((e) => e.id === raised)).toMatchObject({ type: 'recon_break', status: 'open', flow: 'coupa-to-netsuite' });
      const failure = body.exceptions.find((e) => e.type === 'delivery_failure');
      expect(failure).toMatchObject({
        status: 'open',
        flow: 'coupa-to-netsuite',
        amountAtRisk: BIG,
        currency: 'USD',
        occurrences: 1,
        firstSeenAt: '2026-11-02T10:00:20.000Z',
        lastSeenAt: '2026-11-02T10:00:20.000Z',
      });
      expect(failure?.title).toContain('INV-10023');
      expect(failure).toHaveProperty('incidentId');
      const seen = body.exceptions.map((e) => e.lastSeenAt);
      expect(seen).toEqual([...seen].sort().reverse());
      expect(body.totals.exceptions).toBe(2);
    });

    it('keeps the newest of a long section and says how many there are', async () => {
      const { body: many } = await get<LineageDetailResponse>(t, '/api/v1/lineage?recordKey=INV-MANY', viewer);
      expect(many.exceptions).toHaveLength(LINEAGE_SECTION_LIMIT);
      expect(many.totals.exceptions).toBe(LINEAGE_SECTION_LIMIT + 1);
      expect(many.exceptions[0]?.cause).toBe(`cause-${LINEAGE_SECTION_LIMIT}`);
      expect(many.exceptions.some((e) => e.cause === 'cause-000')).toBe(false);
    });

    it('exports the sections in the JSON download, and hops only in the CSV', async () => {
      const json = await get<LineageDetailResponse>(t, '/api/v1/lineage/export?recordKey=INV-10023&format=json', viewer);
      expect(json.body).toEqual(body);
      const csv = await get<string>(t, '/api/v1/lineage/export?recordKey=INV-10023&format=csv', viewer);
      expect(csv.text.split('\r\n')).toHaveLength(1 + 6 + 1);
    });
  });

  it.each([
    ['/api/v1/lineage', 'recordKey'],
    ['/api/v1/lineage?recordKey=', 'recordKey'],
    ['/api/v1/lineage?recordKey=a&recordKey=b', 'recordKey'],
    [`/api/v1/lineage?recordKey=${'x'.repeat(501)}`, 'recordKey'],
    ['/api/v1/lineage?recordKey=INV-10023&flow=x', 'flow'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const res = await get(t, path, viewer);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect(errorFields(res.body)).toEqual([field]);
  });

  it('is readable by every role and refused without a token', async () => {
    expect((await get(t, '/api/v1/lineage?recordKey=INV-10023')).status).toBe(401);
    for (const role of ['auditor', 'finance_ops', 'it_ops', 'admin'] as const) {
      expect((await get(t, '/api/v1/lineage?recordKey=INV-10023', await t.tokenFor(role))).status).toBe(200);
    }
  });

  describe('export', () => {
    it('downloads CSV: attachment, header row, one quoted row per hop, exact amounts', async () => {
      const res = await get<string>(t, '/api/v1/lineage/export?recordKey=INV-10023&format=csv', await t.tokenFor('auditor'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="lineage-INV-10023.csv"');
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(LINEAGE_CSV_HEADER.join(','));
      expect(lines).toHaveLength(1 + 6 + 1); // header, six hops, empty after the last CRLF
      expect(lines[1]).toContain(`,coupa,ok,${BIG},USD,`);
      expect(lines[4]).toContain(',target_rejected,PERIOD_CLOSED,"Period ""2026-10"" is closed, use 2026-11",event');
    });

    it('defaults to CSV', async () => {
      const res = await get<string>(t, '/api/v1/lineage/export?recordKey=INV-10023', viewer);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    });

    it('downloads JSON: the lineage answer as an attachment', async () => {
      const res = await get<LineageResponse>(t, '/api/v1/lineage/export?recordKey=INV-10023&format=json', viewer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="lineage-INV-10023.json"');
      const plain = await get<LineageResponse>(t, '/api/v1/lineage?recordKey=INV-10023', viewer);
      expect(res.body).toEqual(plain.body);
    });

    it('exports the lineage of a filtered set: the hops of every record in lineage order, as CSV or JSON, each export audited', async () => {
      const auditor = await t.tokenFor('auditor');
      const json = await get<{ filters: unknown; hops: HopDto[]; count: number }>(t, '/api/v1/hops/export?flow=coupa-to-netsuite&format=json', auditor);
      expect(json.status).toBe(200);
      const all = (await get<Page<HopDto>>(t, '/api/v1/hops?flow=coupa-to-netsuite&limit=1000', viewer)).body.items;
      expect(json.body.count).toBe(all.length);
      const lineageOrder = [...all].sort((a, b) => (a.recordKey < b.recordKey ? -1 : a.recordKey > b.recordKey ? 1 : a.occurredAt.localeCompare(b.occurredAt)));
      expect(json.body.hops.map((h) => [h.recordKey, h.occurredAt])).toEqual(lineageOrder.map((h) => [h.recordKey, h.occurredAt]));
      const one = (await get<LineageResponse>(t, '/api/v1/lineage?recordKey=INV-10023', viewer)).body;
      expect(json.body.hops.filter((h) => h.recordKey === 'INV-10023')).toEqual(one.hops.filter((h) => h.flow === 'coupa-to-netsuite'));
      const csv = await get<string>(t, '/api/v1/hops/export?recordKey=INV-10023', auditor);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe(LINEAGE_CSV_HEADER.join(','));
      expect(csv.text.split('\r\n')).toHaveLength(1 + one.hops.length + 1);
      expect(errorFields((await get(t, '/api/v1/hops/export?format=xml', viewer)).body)).toEqual(['format']);
      const audit = await get<Page<AuditEntryDto>>(t, '/api/v1/audit?action=export.lineage&limit=3', auditor);
      expect(audit.body.items.map((e) => [e.objectId, e.after])).toEqual([
        ['INV-10023', { format: 'csv', filters: { recordKey: 'INV-10023' } }],
        [null, { format: 'json', filters: { flow: 'coupa-to-netsuite' } }],
        ['INV-10023', { format: 'json', filters: { recordKey: 'INV-10023' } }],
      ]);
    });

    it('names the offending parameter and needs a token', async () => {
      const bad = await get(t, '/api/v1/lineage/export?recordKey=INV-10023&format=xlsx', viewer);
      expect(bad.status).toBe(400);
      expect(errorFields(bad.body)).toEqual(['format']);
      const missing = await get(t, '/api/v1/lineage/export?format=csv', viewer);
      expect(errorFields(missing.body)).toEqual(['recordKey']);
      expect((await get(t, '/api/v1/lineage/export?recordKey=INV-10023')).status).toBe(401);
    });
  });
});
