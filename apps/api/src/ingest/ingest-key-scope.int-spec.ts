import { Client } from 'pg';
import { type CreatedIngestKey } from '@closewatch/contracts/ingest-keys';
import { type Page } from '@closewatch/contracts/pagination';
import { type LineageResponse, type RunDto } from '@closewatch/contracts/telemetry';
import { IngestKeysService } from '../auth/ingest-keys.service';
import { startTestApp, type TestApp } from '../../test/test-app';
import { financeAttrs, newSpanId, newTraceId, otlpJson } from '../../test/otlp-requests';

describe('ingest keys scoped to flows, expiring, recorded on every hop', () => {
  let t: TestApp;
  let db: Client;
  let admin: string;
  /** May write flow-a only. */
  let limited: CreatedIngestKey;
  /** May write every flow. */
  let open: CreatedIngestKey;
  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    admin = await t.tokenFor('admin');
    limited = (await call('POST', '/api/v1/ingest-keys', { name: 'flow-a integration', flows: ['flow-a'] }, admin)).body as unknown as CreatedIngestKey;
    open = (await call('POST', '/api/v1/ingest-keys', { name: 'hub integration' }, admin)).body as unknown as CreatedIngestKey;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function call(method: string, path: string, body: unknown, token: string, contentType = 'application/json') {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const event = (id: string, flow: string, extra: Record<string, unknown> = {}) => ({
    id,
    flow,
    recordKey: `REC-${id}-${flow}`,
    stage: 'emitted',
    system: 'coupa',
    occurredAt: '2026-11-20T09:00:00.000Z',
    ...extra,
  });
  const hops = async (sourceId: string) =>
    (await db.query(`select flow_id, stage, ingest_key_id from hops where source_id = $1 order by flow_id`, [sourceId])).rows as Record<string, unknown>[];

  describe('the ingest keys API', () => {
    it('creates a key limited to flows and expiring, and lists both', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const res = await call('POST', '/api/v1/ingest-keys', { name: 'erp feed', flows: ['flow-b', 'flow-a', 'flow-b'], expiresAt }, admin);
      expect(res.status).toBe(201);
      expect((res.body as unknown as CreatedIngestKey).key).toMatchObject({ flows: ['flow-a', 'flow-b'], expiresAt });
      const list = (await call('GET', '/api/v1/ingest-keys', undefined, admin)).body as unknown as Page<CreatedIngestKey['key']>;
      expect(list.items.find((k) => k.name === 'erp feed')).toMatchObject({ flows: ['flow-a', 'flow-b'], expiresAt });
      expect(list.items.find((k) => k.name === 'hub integration')).toMatchObject({ flows: null, expiresAt: null });
    });

    it('refuses an empty flow list, a bad flow id and an expiry in the past, naming the field', async () => {
      for (const [body, field] of [
        [{ name: 'x', flows: [] }, 'flows'],
        [{ name: 'x', flows: ['Not A Flow'] }, 'flows.0'],
        [{ name: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
        [{ name: 'x', expiresAt: 'tomorrow' }, 'expiresAt'],
      ] as const) {
        const res = await call('POST', '/api/v1/ingest-keys', body, admin);
        expect(res.status).toBe(400);
        expect((res.body.error as { details: { field: string }[] }).details.map((d) => d.field)).toContain(field);
      }
    });
  });

  describe('POST /api/v1/events', () => {
    it('rejects the events of other flows one by one and stores the others, with the key that sent them', async () => {
      const res = await call('POST', '/api/v1/events', { events: [event('sc-1', 'flow-a'), event('sc-2', 'flow-b'), event('sc-3', 'flow-a')] }, limited.secret);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: [{ index: 1, errors: [{ field: 'flow', message: 'flow "flow-b" is not one of the flows this ingest key may write' }] }],
      });
      expect(await hops('sc-1')).toEqual([{ flow_id: 'flow-a', stage: 'emitted', ingest_key_id: limited.key.id }]);
      expect(await hops('sc-2')).toEqual([]);
      expect(await hops('sc-3')).toEqual([{ flow_id: 'flow-a', stage: 'emitted', ingest_key_id: limited.key.id }]);
    });

    it('keeps event ids per flow: the same id in two flows is stored twice, twice in one flow once', async () => {
      const first = await call('POST', '/api/v1/events', { events: [event('shared-1', 'flow-x'), event('shared-1', 'flow-y')] }, open.secret);
      expect(first.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      // Another integration cannot claim flow-a's id either (its events land in its own flow).
      const other = await call('POST', '/api/v1/events', { events: [event('sc-1', 'flow-z')] }, open.secret);
      expect(other.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      const again = await call(
        'POST',
        '/api/v1/events',
        { events: [event('shared-1', 'flow-x', { stage: 'posted' }), event('shared-2', 'flow-x'), event('shared-2', 'flow-x')] },
        open.secret,
      );
      expect(again.body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
      expect(await hops('shared-1')).toEqual([
        { flow_id: 'flow-x', stage: 'emitted', ingest_key_id: open.key.id },
        { flow_id: 'flow-y', stage: 'emitted', ingest_key_id: open.key.id },
      ]);
      expect(await hops('sc-1')).toEqual([
        { flow_id: 'flow-a', stage: 'emitted', ingest_key_id: limited.key.id },
        { flow_id: 'flow-z', stage: 'emitted', ingest_key_id: open.key.id },
      ]);
    });

    it('shows the key on the hop in the lineage', async () => {
      const res = await call('GET', '/api/v1/lineage?recordKey=REC-sc-1-flow-a', undefined, await t.tokenFor('auditor'));
      expect((res.body as unknown as LineageResponse).hops).toEqual([expect.objectContaining({ flow: 'flow-a', ingestKeyId: limited.key.id })]);
    });
  });

  describe('POST /v1/traces', () => {
    it('rejects finance spans of other flows in partialSuccess and stores the others with the key', async () => {
      const key = (await t.app.get(IngestKeysService).create('traces for flow-a', ['traces'], null, undefined, { flows: ['flow-a'] })).secret;
      const traceId = newTraceId();
      const [inScope, outOfScope, plain] = [newSpanId(), newSpanId(), newSpanId()];
      const res = await call(
        'POST',
        '/v1/traces',
        otlpJson({ 'service.name': 'connector' }, [
          { traceId, spanId: inScope, attributes: financeAttrs('flow-a', 'INV-SC-1', 'emitted') },
          { traceId, spanId: outOfScope, attributes: financeAttrs('flow-b', 'INV-SC-2', 'emitted') },
          { traceId, spanId: plain, name: 'plain span' },
        ]),
        key,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        partialSuccess: {
          rejectedSpans: '1',
          errorMessage: `1 span(s) rejected: resourceSpans[0].scopeSpans[0].spans[1]: span ${outOfScope}: flow "flow-b" is not one of the flows this ingest key may write`,
        },
      });
      const keyId = (await db.query(`select id from ingest_keys where name = 'traces for flow-a'`)).rows[0].id as string;
      expect(await hops(`${traceId}:${inScope}`)).toEqual([{ flow_id: 'flow-a', stage: 'emitted', ingest_key_id: keyId }]);
      expect(await hops(`${traceId}:${outOfScope}`)).toEqual([]);
      expect(Number((await db.query(`select count(*) from spans where trace_id = $1 and span_id = $2`, [traceId, plain])).rows[0].count)).toBe(1);
    });
  });

  describe('POST /api/v1/runs', () => {
    const run = (flow: string) => ({ flow, runId: 'R-1', status: 'started', startedAt: '2026-11-20T02:00:00Z' });

    it('refuses a run of another flow with 403 naming it, writing nothing', async () => {
      const res = await call('POST', '/api/v1/runs', run('flow-b'), limited.secret);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error: {
          code: 'forbidden',
          message: 'This ingest key may not report runs of flow "flow-b"',
          details: [{ field: 'flow', message: 'flow "flow-b" is not one of the flows this ingest key may write' }],
        },
      });
      expect((await db.query(`select count(*)::int as n from runs where flow_id = 'flow-b'`)).rows[0].n).toBe(0);
    });

    it('stores a run of its own flow with the key, and lists it with the key', async () => {
      expect((await call('POST', '/api/v1/runs', run('flow-a'), limited.secret)).status).toBe(201);
      expect((await db.query(`select ingest_key_id from runs where flow_id = 'flow-a'`)).rows).toEqual([{ ingest_key_id: limited.key.id }]);
      const list = (await call('GET', '/api/v1/runs?flow=flow-a', undefined, admin)).body as unknown as Page<RunDto>;
      expect(list.items).toEqual([expect.objectContaining({ flow: 'flow-a', ingestKeyId: limited.key.id })]);
    });
  });

  describe('expiry', () => {
    it('refuses an expired key with a 401 that says it expired, even while its check is cached', async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const secret = (await t.app.get(IngestKeysService).create('short-lived', ['events'], null, undefined, { expiresAt })).secret;
      expect((await call('POST', '/api/v1/events', { events: [event('exp-1', 'flow-a')] }, secret)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 50));
      const res = await call('POST', '/api/v1/events', { events: [event('exp-2', 'flow-a')] }, secret);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthenticated', message: `Ingest key "short-lived" expired at ${expiresAt}; create a new key` });
      expect(await hops('exp-2')).toEqual([]);
    });
  });
});
