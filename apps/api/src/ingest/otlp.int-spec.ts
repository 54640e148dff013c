import { gzipSync, deflateSync } from 'node:zlib';
import { Client } from 'pg';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { LiveBus } from '../live/live-bus';
import { startTestApp, type TestApp } from '../../test/test-app';
import { financeAttrs, nanos, newSpanId, newTraceId, otlpJson, otlpProtobuf } from '../../test/otlp-requests';
import { otlpTypes } from './otlp-proto';

describe('POST /v1/traces', () => {
  let t: TestApp;
  let db: Client;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    key = await t.ingestKey(['traces']);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const send = (body: string | Buffer, contentType: string, headers: Record<string, string> = {}, auth = key) =>
    fetch(`${t.url}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${auth}`, ...headers }, body });
  const sendJson = (body: string, headers?: Record<string, string>) => send(body, 'application/json', headers);
  const sendProto = (body: Buffer, headers?: Record<string, string>) => send(body, 'application/x-protobuf', headers);
  const decodeStatus = async (res: Response) =>
    otlpTypes.RpcStatus.toObject(otlpTypes.RpcStatus.decode(Buffer.from(await res.arrayBuffer()))) as { code?: number; message?: string };
  const decodeExportResponse = async (res: Response) =>
    otlpTypes.ExportTraceServiceResponse.toObject(otlpTypes.ExportTraceServiceResponse.decode(Buffer.from(await res.arrayBuffer())), { longs: Number }) as {
      partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
    };
  const hopsOf = async (recordKey: string) =>
    (await db.query('select * from hops where record_key = $1 order by occurred_at, id', [recordKey])).rows as Record<string, unknown>[];
  const spanCount = async (traceId: string) => Number((await db.query('select count(*) from trace_spans where trace_id = $1', [traceId])).rows[0].count);

  it('stores finance spans as hops and all spans as trace context (protobuf)', async () => {
    const traceId = newTraceId();
    const root = newSpanId();
    const child = newSpanId();
    const res = await sendProto(
      otlpProtobuf({ 'service.name': 'coupa-connector', 'finance.flow': 'coupa-to-oracle-invoices' }, [
        { traceId, spanId: root, name: 'export batch' },
        {
          traceId,
          spanId: child,
          parentSpanId: root,
          name: 'emit invoice',
          startTimeUnixNano: nanos('2026-11-20T10:00:00.000Z'),
          endTimeUnixNano: nanos('2026-11-20T10:00:01.250Z'),
          attributes: financeAttrs('coupa-to-oracle-invoices', 'INV-P-1', 'emitted', {
            'finance.record.type': 'invoice',
            'finance.amount': '1234.56',
            'finance.currency': 'EUR',
            'finance.entity': 'DE01',
            'finance.period': '2026-11',
            'finance.data.status': 'approved',
            'finance.mapping.version': 'v7',
            'finance.batch.id': 'B-9',
          }),
        },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    expect(await decodeExportResponse(res)).toEqual({});
    const [hop] = await hopsOf('INV-P-1');
    expect(hop).toMatchObject({
      source: 'otlp',
      source_id: `${traceId}:${child}`,
      flow_id: 'coupa-to-oracle-invoices',
      record_type: 'invoice',
      system: 'coupa-connector',
      stage: 'emitted',
      status: 'ok',
      amount: '1234.56',
      currency: 'EUR',
      entity: 'DE01',
      period: '2026-11',
      data_status: 'approved',
      mapping_version: 'v7',
      batch_id: 'B-9',
      trace_id: traceId,
      span_id: child,
    });
    expect((hop!.occurred_at as Date).toISOString()).toBe('2026-11-20T10:00:01.250Z');
    const spans = (
      await db.query(
        'select span_id, parent_span_id, name, service_name, finance_hop, attributes, resource_attributes, (extract(epoch from end_time) * 1000000)::bigint::text as end_us from trace_spans where trace_id = $1 order by name',
        [traceId],
      )
    ).rows;
    const resource = { 'service.name': 'coupa-connector', 'finance.flow': 'coupa-to-oracle-invoices' };
    expect(spans).toEqual([
      {
        span_id: child,
        parent_span_id: root,
        name: 'emit invoice',
        service_name: 'coupa-connector',
        finance_hop: true,
        attributes: expect.objectContaining({ 'finance.amount': '1234.56' }),
        resource_attributes: resource,
        end_us: String(Date.parse('2026-11-20T10:00:01.250Z') * 1000),
      },
      {
        span_id: root,
        parent_span_id: null,
        name: 'export batch',
        service_name: 'coupa-connector',
        finance_hop: false,
        attributes: {},
        resource_attributes: resource,
        end_us: expect.any(String),
      },
    ]);
    // The finance span is stored once, as its hop; `spans` keeps the other one. Its finance
    // attributes live in the hop's columns only (trace_spans above shows them as sent).
    expect((await db.query(`select attributes, span_name from hops where trace_id = $1`, [traceId])).rows).toEqual([
      { attributes: {}, span_name: 'emit invoice' },
    ]);
    expect((await db.query('select span_id from spans where trace_id = $1', [traceId])).rows).toEqual([{ span_id: root }]);
  });

  it('shows every span attribute exactly as sent, whether a hop column holds it or not', async () => {
    const traceId = newTraceId();
    const attributes = financeAttrs('coupa-to-oracle-invoices', 'INV-ATTR-1', 'posted', {
      'finance.amount': '007.50', // numeric would print 7.50: kept as sent
      'finance.currency': 'USD',
      'finance.entity': ' DE01 ', // trimmed in the column: kept as sent
      'finance.period': '2026-11',
      'finance.batch.id': 'B-1',
      'http.status_code': 201,
      'messaging.system': 'kafka',
    });
    const res = await sendProto(
      otlpProtobuf({ 'service.name': 'oracle-fusion', 'finance.record.type': 'invoice' }, [{ traceId, spanId: newSpanId(), attributes }]),
    );
    expect(res.status).toBe(200);
    const span = (await db.query(`select attributes, resource_attributes from trace_spans where trace_id = $1`, [traceId])).rows[0];
    expect(span.attributes).toEqual(attributes);
    // Inherited from the resource: shown with the resource, not copied onto the span.
    expect(span.resource_attributes).toEqual({ 'service.name': 'oracle-fusion', 'finance.record.type': 'invoice' });
    const stored = (await db.query(`select attributes from hops where trace_id = $1`, [traceId])).rows[0].attributes;
    expect(stored).toEqual({ 'finance.amount': '007.50', 'finance.entity': ' DE01 ', 'http.status_code': 201, 'messaging.system': 'kafka' });
  });

  it('accepts OTLP/JSON, answers JSON, and marks ERROR spans and failed stages as errors', async () => {
    const traceId = newTraceId();
    const res = await sendJson(
      otlpJson({ 'service.name': 'mulesoft' }, [
        {
          traceId,
          spanId: newSpanId(),
          attributes: financeAttrs('sf-to-netsuite-orders', 'SO-J-1', 'posted', {
            'finance.system': 'netsuite',
            'finance.error.class': 'target_rejected',
            'error.type': 'PERIOD_CLOSED',
          }),
          status: { code: 2, message: 'period 2026-10 is closed' },
        },
        { traceId, spanId: newSpanId(), attributes: financeAttrs('sf-to-netsuite-orders', 'SO-J-2', 'dead_lettered') },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({});
    expect(await hopsOf('SO-J-1')).toEqual([
      expect.objectContaining({
        system: 'netsuite',
        status: 'error',
        error_class: 'target_rejected',
        error_code: 'PERIOD_CLOSED',
        error_message: 'period 2026-10 is closed',
      }),
    ]);
    expect(await hopsOf('SO-J-2')).toEqual([expect.objectContaining({ system: 'mulesoft', status: 'error', stage: 'dead_lettered' })]);
  });

  it('rejects unusable spans with a partial success naming the attribute, and keeps the rest', async () => {
    const traceId = newTraceId();
    const good = newSpanId();
    const body = otlpJson({ 'service.name': 'boomi' }, [
      { traceId, spanId: good, attributes: financeAttrs('f1', 'PS-1', 'received', { 'finance.amount': 10.5, 'finance.currency': 'USD' }) },
      { traceId, spanId: newSpanId(), attributes: financeAttrs('f1', 'PS-2', 'received', { 'finance.amount': '12,50', 'finance.currency': 'USD' }) },
      { traceId, spanId: newSpanId(), attributes: financeAttrs('f1', 'PS-3', 'shipped') },
      { traceId, spanId: newSpanId(), attributes: financeAttrs('f1', 'PS-4', 'posted', { 'finance.currency': 'usd' }) },
      { traceId, spanId: newSpanId(), attributes: financeAttrs('f1', 'PS-5', 'posted', { 'finance.period': '2026-13' }) },
      { traceId: 'not-hex', spanId: newSpanId() },
      { traceId, spanId: '0000000000000000' },
    ]);
    const res = await sendJson(body);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe('6');
    for (const attr of ['finance.amount', 'finance.stage', 'finance.currency', 'finance.period', 'traceId', 'spanId']) {
      expect(answer.partialSuccess.errorMessage).toContain(attr);
    }
    expect(await hopsOf('PS-1')).toEqual([expect.objectContaining({ amount: '10.5', currency: 'USD' })]);
    expect(await hopsOf('PS-2')).toEqual([]);
    expect(await spanCount(traceId)).toBe(1);

    const proto = await sendProto(otlpProtobuf({}, [{ traceId, spanId: newSpanId(), attributes: financeAttrs('f1', 'PS-6', 'nope') }]));
    expect(await decodeExportResponse(proto)).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringContaining('finance.stage') } });
  });

  it('stores the same spans once when they are sent twice', async () => {
    const traceId = newTraceId();
    const spans = [
      { traceId, spanId: newSpanId(), attributes: financeAttrs('f2', 'DUP-1', 'emitted') },
      { traceId, spanId: newSpanId(), attributes: financeAttrs('f2', 'DUP-1', 'posted') },
      { traceId, spanId: newSpanId() },
    ];
    expect((await sendProto(otlpProtobuf({ 'service.name': 's' }, spans))).status).toBe(200);
    expect((await sendJson(otlpJson({ 'service.name': 's' }, spans))).status).toBe(200);
    expect(await hopsOf('DUP-1')).toHaveLength(2);
    expect(await spanCount(traceId)).toBe(3);
    const counters = (await db.query(`select sum(hops)::int as hops, sum(duplicates)::int as duplicates from ingest_counters where flow_id = 'f2'`)).rows[0];
    expect(counters).toEqual({ hops: 2, duplicates: 2 });
  });

  it('inflates gzip and deflate bodies', async () => {
    const traceId = newTraceId();
    const gz = await sendProto(gzipSync(otlpProtobuf({ 'service.name': 's' }, [{ traceId, spanId: newSpanId() }])), { 'content-encoding': 'gzip' });
    expect(gz.status).toBe(200);
    const df = await sendJson(deflateSync(otlpJson({ 'service.name': 's' }, [{ traceId, spanId: newSpanId() }])) as unknown as string, {
      'content-encoding': 'deflate',
    });
    expect(df.status).toBe(200);
    expect(await spanCount(traceId)).toBe(2);
  });

  it('answers a malformed protobuf body with 400 and a protobuf google.rpc.Status', async () => {
    const res = await sendProto(Buffer.from([0x0a, 0xff, 0xff, 0x01, 0x02]));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    expect(await decodeStatus(res)).toEqual({ code: 3, message: expect.stringContaining('Malformed protobuf') });
  });

  it('answers malformed or mis-shaped JSON with 400 and a JSON Status naming the problem', async () => {
    const res = await sendJson('{"resourceSpans": [');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 3, message: expect.stringContaining('Malformed JSON') });
    const shaped = await sendJson('{"resourceSpans": [{"scopeSpans": [{"spans": {"traceId": "x"}}]}]}');
    expect(shaped.status).toBe(400);
    expect(await shaped.json()).toEqual({ code: 3, message: 'resourceSpans[0].scopeSpans[0].spans must be an array' });
  });

  it('answers 415 for an unknown content type and 401 without a valid traces key', async () => {
    const res = await send('hello', 'text/plain');
    expect(res.status).toBe(415);
    expect(await decodeStatus(res)).toEqual({ code: 3, message: expect.stringContaining('Content-Type') });
    const body = otlpJson({}, []);
    const noKey = await fetch(`${t.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ code: 16, message: expect.any(String) });
    const eventsOnly = await send(body, 'application/json', {}, await t.ingestKey(['events']));
    expect(eventsOnly.status).toBe(401);
    const session = await send(body, 'application/json', {}, await t.tokenFor('admin'));
    expect(session.status).toBe(401);
  });

  it('builds no live hop messages while no dashboard is connected', async () => {
    const seen: HopDto[] = [];
    const sub = t.app.get(LiveBus).hops$.subscribe((hops) => seen.push(...hops));
    try {
      const res = await sendJson(
        otlpJson({ 'service.name': 'coupa' }, [{ traceId: newTraceId(), spanId: newSpanId(), attributes: financeAttrs('no-such-flow', 'LIVE-0', 'emitted') }]),
      );
      expect(res.status).toBe(200);
      expect(seen).toEqual([]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('hands committed hops to the live stream with whether the flow is registered', async () => {
    const seen: HopDto[] = [];
    const bus = t.app.get(LiveBus);
    bus.setHopAudience(() => true); // as when a dashboard is connected (e2e: live overview)
    const sub = bus.hops$.subscribe((hops) => seen.push(...hops));
    try {
      const traceId = newTraceId();
      await sendJson(otlpJson({ 'service.name': 'coupa' }, [{ traceId, spanId: newSpanId(), attributes: financeAttrs('no-such-flow', 'LIVE-1', 'emitted') }]));
      expect(seen).toEqual([expect.objectContaining({ recordKey: 'LIVE-1', flow: 'no-such-flow', source: 'otlp', registered: false, traceId })]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('keeps serving after bad requests', async () => {
    const res = await sendJson(otlpJson({}, [{ traceId: newTraceId(), spanId: newSpanId() }]));
    expect(res.status).toBe(200);
  });
});
