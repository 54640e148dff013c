import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type ExceptionDetailDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { type IncidentReplayResponse, type ReplayRequestDto, type ReplaySeriesResponse, type ReplaysChangedEvent } from '@closewatch/contracts/replays';
import { client, seedFlows, signedIn } from '../../test/exception-fixtures';
import { type LoopbackReceiver, startReceiver } from '../../test/support/loopback-receiver';
import { hop, writeHops } from '../../test/telemetry-fixtures';
import { tick } from '../../test/sync-health-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { DeliveryService } from '../alerts/delivery/delivery.service';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { LiveBus } from '../live/live-bus';
import { CatalogService } from '../flows/catalog.service';
import { ReplaysService } from './replays.service';

const FLOW = 'coupa-to-netsuite';
/** Materiality USD 1,000: a failed record of USD 1,200 needs four eyes to be replayed in bulk. */
const MATERIAL = 'material-flow';
/** Materiality USD 5,000: the same record goes straight out. */
const ROOMY = 'roomy-flow';
const minutesFrom = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

describe('replay requests: through the alerts outbox to a real loopback middleware, followed to the posting', () => {
  let t: TestApp;
  let ops: ReturnType<typeof client>;
  let viewer: ReturnType<typeof client>;
  let mw: LoopbackReceiver;
  let opsEmail: string;
  let finance: ReturnType<typeof client>;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_PUBLIC_URL: 'https://closewatch.example.com', CLOSEWATCH_REPLAY_EXPIRY_MINUTES: '30' });
    await seedFlows(t, [
      { id: FLOW },
      { id: 'no-replay' },
      { id: MATERIAL, materiality: { amount: '1000.00', currency: 'USD' } },
      { id: ROOMY, materiality: { amount: '5000.00', currency: 'USD' } },
    ]);
    await t.app.get(DataSource).query(`update flows set replay = '{"receiver": "middleware"}' where id = any($1::text[])`, [[FLOW, MATERIAL, ROOMY]]);
    t.app.get(CatalogService).invalidate();
    const admin = client(t, (await signedIn(t, 'admin')).token);
    const it = await signedIn(t, 'it_ops');
    opsEmail = it.email;
    ops = client(t, it.token);
    viewer = client(t, (await signedIn(t, 'viewer')).token);
    finance = client(t, (await signedIn(t, 'finance_ops')).token);
    mw = await startReceiver(() => ({ status: 202 }));
    const created = await admin.post('/api/v1/alert-receivers', { name: 'middleware', kind: 'webhook', url: `${mw.url}/replays`, secret: 'mw-secret' });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await mw.close();
    await t.close();
  });

  /** A delivery failure of a record (its failed hop written a minute ago), of its own incident. */
  async function failure(flow = FLOW, type: 'delivery_failure' | 'sync_delay' = 'delivery_failure') {
    const recordKey = `INV-R${++n}`;
    await writeHops(t, [
      hop({
        flowId: flow,
        recordKey,
        stage: 'failed',
        system: 'netsuite',
        errorMessage: 'period 2026-11 is closed',
        occurredAt: new Date(Date.now() - 60_000),
      }),
    ]);
    const { id } = await t.app
      .get(ExceptionsService)
      .recordFinding({ type, flow, recordKey, cause: `period_closed_${n}`, amount: '1200.00', currency: 'USD', entity: 'US01', period: '2026-11' });
    return { exceptionId: id, recordKey };
  }

  const drain = () => t.app.get(DeliveryService).drain();
  const exception = async (id: string) => (await ops.get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;
  const request = async (id: string) => (await viewer.get<ReplayRequestDto>(`/api/v1/replay-requests/${id}`)).body;

  /** The audit log's entries about one replay request, oldest first. */
  const audited = async (id: string) =>
    (
      (await t.app
        .get(DataSource)
        .query(`select action, actor_kind from audit_log where object_type = 'replay_request' and object_id = $1 order by id`, [id])) as {
        action: string;
        actor_kind: string;
      }[]
    ).map((r) => ({ action: r.action, actor: r.actor_kind }));

  it('sends the contract body, field by field, signed and with a stable delivery id; sent on the 2xx', async () => {
    const { exceptionId, recordKey } = await failure();
    const res = await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, { note: 'mapping for vendor 42 added' });
    expect(res.status).toBe(201);
    const r = res.body;
    expect(r).toMatchObject({
      exceptionId,
      flow: FLOW,
      recordKey,
      recordType: 'invoice',
      status: 'requested',
      receiver: 'middleware',
      requestedBy: { email: opsEmail },
      note: 'mapping for vendor 42 added',
      attempts: 0,
      outcome: null,
    });
    expect(Date.parse(r.expiresAt) - Date.parse(r.requestedAt)).toBe(30 * 60_000);

    mw.received.length = 0;
    await drain();
    expect(mw.received).toHaveLength(1);
    const got = mw.received[0]!;
    expect(got.path).toBe('/replays');
    expect(got.body).toEqual({
      version: 1,
      replayRequestId: r.id,
      flow: FLOW,
      recordKey,
      recordType: 'invoice',
      lastHop: { system: 'netsuite', stage: 'failed', error: 'period 2026-11 is closed' },
      requestedBy: opsEmail,
      links: {
        replayRequest: `https://closewatch.example.com/api/v1/replay-requests?exceptionId=${exceptionId}`,
        exception: `https://closewatch.example.com/exceptions/${exceptionId}`,
        outcome: `https://closewatch.example.com/api/v1/replay-requests/${r.id}/outcome`,
      },
    });
    expect(got.headers['x-closewatch-signature']).toBe(`sha256=${createHmac('sha256', 'mw-secret').update(got.raw).digest('hex')}`);
    const [notification] = await t.app.get(DataSource).query(`select id from alert_notifications where replay_request_id = $1`, [r.id]);
    expect(got.headers['x-closewatch-delivery']).toBe(notification.id);
    expect(await request(r.id)).toMatchObject({ status: 'sent', attempts: 1 });
    // Sent once: another drain sends nothing.
    await drain();
    expect(mw.received).toHaveLength(1);

    const list = (await viewer.get<Page<ReplayRequestDto>>(`/api/v1/replay-requests?exceptionId=${exceptionId}`)).body;
    expect(list.items.map((i) => i.id)).toEqual([r.id]);
    expect((await ops.post(`/api/v1/exceptions/${exceptionId}/replay`, {})).status).toBe(409);
  });

  it('retries a middleware that is down with the same delivery id', async () => {
    const { exceptionId } = await failure();
    mw.received.length = 0;
    mw.respond = (_r, count) => (count === 1 ? { status: 503 } : { status: 202 });
    const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    await t.app.get(DeliveryService).drain();
    expect(await request(r.id)).toMatchObject({ status: 'requested', attempts: 1 });
    await t.app.get(DeliveryService).drain(new Date(Date.now() + 3_600_000));
    expect(mw.received).toHaveLength(2);
    expect(mw.received[1]!.headers['x-closewatch-delivery']).toBe(mw.received[0]!.headers['x-closewatch-delivery']);
    expect(mw.received[1]!.raw).toBe(mw.received[0]!.raw);
    expect(await request(r.id)).toMatchObject({ status: 'sent', attempts: 2 });
    mw.respond = () => ({ status: 202 });
  });

  it('succeeds when the record is posted with finance.replay.id, resolving the exception as replayed', async () => {
    const { exceptionId, recordKey } = await failure();
    const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    await drain();
    await writeHops(t, [hop({ flowId: FLOW, recordKey, stage: 'posted', attributes: { 'finance.replay.id': r.id } })]);
    await tick(t);
    const done = await request(r.id);
    expect(done).toMatchObject({ status: 'succeeded', outcome: { status: 'succeeded', source: 'posting' } });
    expect(done.outcome!.hopId).toMatch(/^\d+$/);
    const ex = await exception(exceptionId);
    expect(ex.status).toBe('resolved');
    expect(ex.resolution).toMatchObject({ code: 'replayed' });
    expect(ex.resolution!.note).toContain(r.id);
    expect(ex.history.find((h) => h.toStatus === 'resolved')).toMatchObject({
      action: 'auto_resolved',
      details: { resolutionCode: 'replayed', replayRequestId: r.id },
    }); // Every step of the request is in the audit log, in order, with who did it.
    expect(await audited(r.id)).toEqual([
      { action: 'replay.requested', actor: 'user' },
      { action: 'replay.sent', actor: 'system' },
      { action: 'replay.succeeded', actor: 'system' },
    ]);
  });

  it('tells the dashboard after each commit: requested, sent and settled', async () => {
    const events: ReplaysChangedEvent[] = [];
    const sub = t.app.get(LiveBus).replays$.subscribe((e) => events.push(e));
    try {
      const { exceptionId, recordKey } = await failure();
      const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
      expect(events).toEqual([{ ids: [r.id], exceptionIds: [exceptionId] }]);
      await drain();
      expect(events).toHaveLength(2);
      expect((await request(r.id)).status).toBe('sent');
      await writeHops(t, [hop({ flowId: FLOW, recordKey, stage: 'posted', attributes: { 'finance.replay.id': r.id } })]);
      await t.app.get(ReplaysService).pass();
      expect(events.at(-1)).toEqual({ ids: [r.id], exceptionIds: [exceptionId] });
      expect(events).toHaveLength(3);
    } finally {
      sub.unsubscribe();
    }
  });

  it('filters the list by requester and time', async () => {
    const mine = (await viewer.get<Page<ReplayRequestDto>>(`/api/v1/replay-requests?requestedBy=${encodeURIComponent(opsEmail.toUpperCase())}&limit=200`)).body
      .items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.requestedBy.email === opsEmail)).toBe(true);
    expect((await viewer.get<Page<ReplayRequestDto>>('/api/v1/replay-requests?requestedBy=nobody@example.com')).body.items).toEqual([]);
    const oldest = mine.at(-1)!.requestedAt;
    const later = (await viewer.get<Page<ReplayRequestDto>>(`/api/v1/replay-requests?from=${encodeURIComponent(oldest)}&limit=200`)).body.items;
    expect(later.every((r) => r.requestedAt >= oldest)).toBe(true);
    const before = (await viewer.get<Page<ReplayRequestDto>>(`/api/v1/replay-requests?to=${encodeURIComponent(oldest)}&limit=200`)).body.items;
    expect(before.some((r) => r.id === mine.at(-1)!.id)).toBe(false);
    const bad = await viewer.get<{ error: { details: { field: string }[] } }>('/api/v1/replay-requests?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]!.field).toBe('from');
  });

  it('also counts a later posting of the record without the attribute', async () => {
    const { exceptionId, recordKey } = await failure();
    const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    await writeHops(t, [hop({ flowId: FLOW, recordKey, stage: 'posted', occurredAt: new Date(Date.now() + 1000) })]);
    await t.app.get(ReplaysService).pass();
    expect((await request(r.id)).status).toBe('succeeded');
    expect((await exception(exceptionId)).resolution).toMatchObject({ code: 'replayed' });
  });

  it('fails when the record fails again after the request, and keeps the exception open', async () => {
    const { exceptionId, recordKey } = await failure();
    const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    await drain();
    await writeHops(t, [hop({ flowId: FLOW, recordKey, stage: 'failed', errorMessage: 'vendor blocked', occurredAt: new Date(Date.now() + 1000) })]);
    await tick(t);
    expect(await request(r.id)).toMatchObject({ status: 'failed', outcome: { status: 'failed', source: 'failure', message: 'vendor blocked' } });
    expect((await exception(exceptionId)).status).toBe('open');
    // A settled request no longer blocks a new one.
    const second = await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {});
    expect(second.status).toBe(201);
    // The record's replay history: both requests, newest first, and only this record's.
    const history = await viewer.get<Page<ReplayRequestDto>>(`/api/v1/replay-requests?recordKey=${encodeURIComponent(recordKey)}`);
    expect(history.body.items.map((x) => [x.id, x.status])).toEqual([
      [second.body.id, 'requested'],
      [r.id, 'failed'],
    ]);
  });

  it('expires a request with no outcome within CLOSEWATCH_REPLAY_EXPIRY_MINUTES (a controllable clock)', async () => {
    const { exceptionId } = await failure();
    const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    const replays = t.app.get(ReplaysService);
    await replays.pass(minutesFrom(new Date(r.requestedAt), 29));
    expect((await request(r.id)).status).toBe('requested');
    const report = await replays.pass(minutesFrom(new Date(r.requestedAt), 30));
    expect(report.claimed).toBe(true);
    expect(await request(r.id)).toMatchObject({ status: 'expired', outcome: { status: 'expired', source: 'expiry', message: 'no outcome within 30 minutes' } });
    expect((await audited(r.id)).map((a) => a.action)).toEqual(['replay.requested', 'replay.expired']);
    expect((await exception(exceptionId)).status).toBe('open');
  });

  it('claims a pass once across replicas: a pass while another holds the lock does nothing', async () => {
    const ds = t.app.get(DataSource);
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`select pg_advisory_xact_lock(hashtextextended('closewatch:replays', 0))`);
      expect((await t.app.get(ReplaysService).pass()).claimed).toBe(false);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('takes the middleware outcome only with an ingest key of scope replays', async () => {
    const { exceptionId } = await failure();
    const r = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    const path = `${t.url}/api/v1/replay-requests/${r.id}/outcome`;
    const post = (key: string | null, body: unknown) =>
      fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post(null, { status: 'failed' })).status).toBe(401);
    // A key without the scope is refused as the auth guard refuses any key out of its scope (401 naming the scope).
    const unscoped = await post(await t.ingestKey(), { status: 'failed' });
    expect(unscoped.status).toBe(401);
    expect(await unscoped.text()).toMatch(/replays/);
    const key = await t.ingestKey(['replays']);
    const bad = await post(key, { status: 'done', extra: 1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field).sort()).toEqual(['extra', 'status']);
    const ok = await post(key, { status: 'failed', message: 'ERP still rejects: period closed' });
    expect(ok.status).toBe(200);
    expect((await ok.json()) as ReplayRequestDto).toMatchObject({
      status: 'failed',
      outcome: { source: 'middleware', message: 'ERP still rejects: period closed' },
    });
    expect((await post(key, { status: 'succeeded' })).status).toBe(409);
    expect(await audited(r.id)).toEqual([
      { action: 'replay.requested', actor: 'user' },
      { action: 'replay.failed', actor: 'ingest' },
    ]);
    expect((await exception(exceptionId)).status).toBe('open');

    const second = (await ops.post<ReplayRequestDto>(`/api/v1/exceptions/${exceptionId}/replay`, {})).body;
    const res = await fetch(`${t.url}/api/v1/replay-requests/${second.id}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ status: 'succeeded' }),
    });
    expect(res.status).toBe(200);
    expect((await exception(exceptionId)).resolution).toMatchObject({ code: 'replayed' });
  });

  it('refuses what cannot be replayed with a 409 naming why, bad input with a 400 naming the field, and viewers', async () => {
    const delay = await failure(FLOW, 'sync_delay');
    const notDelivery = await ops.post<{ error: { message: string } }>(`/api/v1/exceptions/${delay.exceptionId}/replay`, {});
    expect(notDelivery.status).toBe(409);
    expect(notDelivery.body.error.message).toMatch(/only delivery failures can be replayed/);
    const other = await failure('no-replay');
    const noReceiver = await ops.post<{ error: { message: string } }>(`/api/v1/exceptions/${other.exceptionId}/replay`, {});
    expect(noReceiver.status).toBe(409);
    expect(noReceiver.body.error.message).toMatch(/flow no-replay names no replay receiver/);

    const { exceptionId } = await failure();
    const tooLong = await ops.post<{ error: { details: { field: string }[] } }>(`/api/v1/exceptions/${exceptionId}/replay`, { note: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.map((d) => d.field)).toEqual(['note']);
    expect((await viewer.post(`/api/v1/exceptions/${exceptionId}/replay`, {})).status).toBe(403);
    expect((await ops.post(`/api/v1/exceptions/00000000-0000-4000-8000-000000000000/replay`, {})).status).toBe(404);
    const badList = await viewer.get<{ error: { details: { field: string }[] } }>(`/api/v1/replay-requests?status=bogus`);
    expect(badList.status).toBe(400);
    expect(badList.body.error.details.map((d) => d.field)).toEqual(['status[0]']);
  });

  it('replays every failed record of an incident, and answers 409 for an incident with none', async () => {
    const { exceptionId } = await failure();
    const { incidentId } = (await ops.get<{ incidentId: string }>(`/api/v1/exceptions/${exceptionId}`)).body;
    const res = await ops.post<IncidentReplayResponse>(`/api/v1/incidents/${incidentId}/replay`, { note: 'period reopened' });
    expect(res.status).toBe(201);
    expect(res.body.requested).toBe(1);
    expect(res.body.items[0]).toMatchObject({ exceptionId, incidentId, status: 'requested', note: 'period reopened' });
    const again = await ops.post<{ error: { message: string } }>(`/api/v1/incidents/${incidentId}/replay`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/has no failed record to replay/);
  });

  it("charts the flow's replay success over time: requests per step by where they stand, and the settled share that succeeded", async () => {
    const all = (await viewer.get<Page<ReplayRequestDto>>(`/api/v1/replay-requests?flow=${FLOW}&limit=200`)).body.items;
    const count = (...statuses: string[]) => all.filter((r) => statuses.includes(r.status)).length;
    const res = await viewer.get<ReplaySeriesResponse>(`/api/v1/replay-requests/series?flow=${FLOW}&windowSeconds=3600&stepSeconds=600`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flow: FLOW, windowSeconds: 3600, stepSeconds: 600 });
    expect(res.body.points).toHaveLength(6);
    const { total } = res.body;
    expect(total).toMatchObject({
      requested: all.length,
      succeeded: count('succeeded'),
      failed: count('failed'),
      expired: count('expired'),
      waiting: count('requested', 'sent'),
    });
    expect(total.succeeded).toBeGreaterThan(0);
    expect(total.successRate).toBeCloseTo(total.succeeded / (total.succeeded + total.failed + total.expired), 10);
    expect(res.body.points.reduce((n, p) => n + p.requested, 0)).toBe(all.length);
    expect((await viewer.get<ReplaySeriesResponse>('/api/v1/replay-requests/series?flow=no-replay')).body.total).toMatchObject({
      requested: 0,
      successRate: null,
    });
    const bad = await viewer.get<{ error: { details: { field: string }[] } }>('/api/v1/replay-requests/series?windowSeconds=3600&stepSeconds=7200');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]!.field).toBe('stepSeconds');
  });

  it('holds a bulk replay above materiality for a second person, then delivers it; below materiality it goes straight out', async () => {
    const sentFor = (id: string) => mw.received.filter((x) => (x.body as { replayRequestId?: string }).replayRequestId === id);
    const incidentOf = async (exceptionId: string) => (await ops.get<{ incidentId: string }>(`/api/v1/exceptions/${exceptionId}`)).body.incidentId;
    const big = await failure(MATERIAL);
    const incidentId = await incidentOf(big.exceptionId);
    const preview = await viewer.get(`/api/v1/incidents/${incidentId}/replay-preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      count: 1,
      amounts: [{ currency: 'USD', amount: '1200.00' }],
      needsApproval: true,
      reasons: [`flow ${MATERIAL}: USD 1,200.00 is at or above its materiality of USD 1,000.00`],
    });

    const asked = await ops.post<IncidentReplayResponse>(`/api/v1/incidents/${incidentId}/replay`, { note: 'vendor unblocked' });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ requested: 1, pendingApproval: true });
    const r = asked.body.items[0]!;
    expect(r).toMatchObject({ exceptionId: big.exceptionId, status: 'pending_approval', approval: { decision: null, decidedBy: null } });
    await drain();
    await t.app.get(ReplaysService).pass(minutesFrom(new Date(), 120));
    expect(sentFor(r.id)).toHaveLength(0);
    expect(await request(r.id)).toMatchObject({ status: 'pending_approval' });
    expect((await viewer.get(`/api/v1/incidents/${incidentId}/replay-preview`)).body).toMatchObject({ count: 0 });
    expect((await ops.post(`/api/v1/exceptions/${big.exceptionId}/replay`, {})).status).toBe(409);

    const self = await ops.post<{ error: { message: string } }>(`/api/v1/replay-requests/${r.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/second person, not the one who asked/);
    expect((await viewer.post(`/api/v1/replay-requests/${r.id}/approve`, {})).status).toBe(403);

    const approved = await finance.post<{ decided: number; items: ReplayRequestDto[] }>(`/api/v1/replay-requests/${r.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.decided).toBe(1);
    expect(approved.body.items[0]).toMatchObject({ status: 'requested', approval: { decision: 'approved', decidedBy: { email: expect.any(String) } } });
    expect((await finance.post(`/api/v1/replay-requests/${r.id}/approve`, {})).status).toBe(409);
    await drain();
    const [got] = sentFor(r.id);
    expect(sentFor(r.id)).toHaveLength(1);
    expect(got!.body).toMatchObject({ flow: MATERIAL, recordKey: big.recordKey, requestedBy: opsEmail });
    expect(got!.headers['x-closewatch-signature']).toBe(`sha256=${createHmac('sha256', 'mw-secret').update(got!.raw).digest('hex')}`);
    expect(await request(r.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await audited(r.id)).toEqual([
      { action: 'replay.approval_requested', actor: 'user' },
      { action: 'replay.approved', actor: 'user' },
      { action: 'replay.sent', actor: 'system' },
    ]);

    // Rejected: nothing is sent, and the record can be asked for again.
    const other = await failure(MATERIAL);
    const held = await ops.post<IncidentReplayResponse>(`/api/v1/incidents/${await incidentOf(other.exceptionId)}/replay`, {});
    expect(held.status).toBe(202);
    const rejected = await ops.post<{ items: ReplayRequestDto[] }>(`/api/v1/replay-requests/${held.body.items[0]!.id}/reject`, {});
    expect(rejected.status).toBe(200);
    expect(rejected.body.items[0]).toMatchObject({ status: 'rejected', approval: { decision: 'rejected' } });
    await drain();
    expect(sentFor(held.body.items[0]!.id)).toHaveLength(0);
    expect(await audited(held.body.items[0]!.id)).toEqual([
      { action: 'replay.approval_requested', actor: 'user' },
      { action: 'replay.rejected', actor: 'user' },
    ]);

    const small = await failure(ROOMY);
    const smallIncident = await incidentOf(small.exceptionId);
    expect((await viewer.get(`/api/v1/incidents/${smallIncident}/replay-preview`)).body).toMatchObject({ count: 1, needsApproval: false, reasons: [] });
    const straight = await ops.post<IncidentReplayResponse>(`/api/v1/incidents/${smallIncident}/replay`, {});
    expect(straight.status).toBe(201);
    expect(straight.body).toMatchObject({ pendingApproval: false, items: [{ status: 'requested', approval: null }] });
    await drain();
    expect(sentFor(straight.body.items[0]!.id)).toHaveLength(1);
  });
});
