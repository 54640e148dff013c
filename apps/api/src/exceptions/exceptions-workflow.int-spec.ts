import { Client } from 'pg';
import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { type BulkResponse, type ExceptionCommentDto, type ExceptionDetailDto, type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';
import { client, seedFlows, signedIn, type TestUser } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LiveBus } from '../live/live-bus';
import { ExceptionsService } from './exceptions.service';

describe('exception workflow', () => {
  let t: TestApp;
  let intake: ExceptionsService;
  let fin: TestUser;
  let it_: TestUser;
  let admin: TestUser;
  let auditor: TestUser;
  let viewer: TestUser;
  let n = 0;
  const events: ExceptionsChangedEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    intake = t.app.get(ExceptionsService);
    t.app.get(LiveBus).exceptions$.subscribe((e) => events.push(e));
    await seedFlows(t, [{ id: 'coupa-to-oracle', materiality: { amount: '1000.00', currency: 'USD' }, impacts: ['close'] }]);
    [fin, it_, admin, auditor, viewer] = await Promise.all([
      signedIn(t, 'finance_ops'),
      signedIn(t, 'it_ops'),
      signedIn(t, 'admin'),
      signedIn(t, 'auditor'),
      signedIn(t, 'viewer'),
    ]);
  });
  afterAll(() => t.close());

  /** A fresh open exception with this amount at risk (USD). */
  const newException = async (amount: string | null = '50.00') =>
    (
      await intake.recordFinding({
        type: 'delivery_failure',
        flow: 'coupa-to-oracle',
        recordKey: `INV-${++n}`,
        cause: 'transient',
        ...(amount ? { amount, currency: 'USD' } : {}),
      })
    ).id;
  const as = (u: TestUser) => client(t, u.token);
  const errorOf = (body: unknown) => (body as ApiErrorBody).error;

  it('runs the whole workflow, recording who, when and why on the exception', async () => {
    const id = await newException();
    const api = as(fin);
    let res = await api.post<ExceptionDetailDto>(`/api/v1/exceptions/${id}/assign`, { assignee: it_.email.toUpperCase() });
    expect(res.status).toBe(200);
    expect(res.body.assignee).toEqual({ id: it_.id, email: it_.email, name: expect.any(String) });

    res = await as(it_).post(`/api/v1/exceptions/${id}/acknowledge`, { note: 'looking at the connector' });
    expect(res.body).toMatchObject({ status: 'acknowledged', acknowledged: { by: { kind: 'user', id: it_.id, email: it_.email } } });

    const comment = await as(it_).post<ExceptionCommentDto>(`/api/v1/exceptions/${id}/comments`, { text: 'Oracle AP was down 02:00-02:20' });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({ author: { id: it_.id, email: it_.email }, text: 'Oracle AP was down 02:00-02:20' });

    res = await as(it_).post(`/api/v1/exceptions/${id}/resolve`, { code: 'replayed', note: 'replayed from the DLQ' });
    expect(res.body).toMatchObject({ status: 'resolved', resolution: { code: 'replayed', note: 'replayed from the DLQ', by: { id: it_.id } } });

    res = await api.post(`/api/v1/exceptions/${id}/reopen`, { reason: 'posting still missing in Oracle' });
    expect(res.body).toMatchObject({ status: 'open', resolution: null, acknowledged: null });

    const d = (await as(viewer).get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;
    expect(d.history.map((h) => [h.action, h.fromStatus, h.toStatus, h.actor.kind === 'user' ? h.actor.email : h.actor.name])).toEqual([
      ['created', null, 'open', 'closewatch'],
      ['assigned', 'open', 'open', fin.email],
      ['acknowledged', 'open', 'acknowledged', it_.email],
      ['resolved', 'acknowledged', 'resolved', it_.email],
      ['reopened', 'resolved', 'open', fin.email],
    ]);
    expect(d.history[2]!.reason).toBe('looking at the connector');
    expect(d.history[3]).toMatchObject({ reason: 'replayed from the DLQ', details: { code: 'replayed' } });
    expect(d.history[4]!.reason).toBe('posting still missing in Oracle');
    expect(d.comments).toEqual([expect.objectContaining({ text: 'Oracle AP was down 02:00-02:20' })]);
    for (const h of d.history) expect(Date.parse(h.at)).not.toBeNaN();
    const published = events.filter((e) => e.exceptionIds.includes(id)).map((e) => e.cause);
    expect(published).toEqual(['intake', 'transition', 'transition', 'comment', 'transition', 'transition']);
    expect(events.find((e) => e.cause === 'transition' && e.exceptionIds.includes(id))!.incidentIds).toEqual([d.incidentId]);
  });

  it('answers invalid transitions with 409 and a clear message', async () => {
    const id = await newException();
    const api = as(fin);
    expect((await api.post(`/api/v1/exceptions/${id}/dismiss`, { reason: 'noise' })).status).toBe(200);
    const res = await api.post(`/api/v1/exceptions/${id}/resolve`, { code: 'fixed' });
    expect(res.status).toBe(409);
    expect(errorOf(res.body)).toEqual({ code: 'conflict', message: 'cannot resolve a dismissed exception; reopen it first' });
    expect((await api.post(`/api/v1/exceptions/${id}/acknowledge`)).status).toBe(409);
    expect((await api.post(`/api/v1/exceptions/${id}/reopen`)).status).toBe(200);
    expect((await api.post(`/api/v1/exceptions/${id}/reopen`)).status).toBe(409);
    expect((await api.post(`/api/v1/exceptions/${id}/approve-dismissal`)).status).toBe(409);
  });

  it('dismisses below materiality at once, with a reason', async () => {
    const id = await newException('999.99');
    const missing = await as(fin).post(`/api/v1/exceptions/${id}/dismiss`, {});
    expect(missing.status).toBe(400);
    expect(errorOf(missing.body).details).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const res = await as(fin).post<ExceptionDetailDto>(`/api/v1/exceptions/${id}/dismiss`, { reason: 'test invoice' });
    expect(res.body).toMatchObject({
      status: 'dismissed',
      dismissal: { reason: 'test invoice', pendingApproval: false, approvedBy: null, requestedBy: { id: fin.id } },
    });
  });

  it('needs a second person to approve a dismissal at or above materiality, never the one who asked', async () => {
    const id = await newException('1000.00');
    let res = await as(fin).post<ExceptionDetailDto>(`/api/v1/exceptions/${id}/dismiss`, { reason: 'duplicate of INV-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', dismissal: { reason: 'duplicate of INV-1', pendingApproval: true } });
    expect((await as(fin).post(`/api/v1/exceptions/${id}/dismiss`, { reason: 'again' })).status).toBe(409);

    const self = await as(fin).post(`/api/v1/exceptions/${id}/approve-dismissal`);
    expect(self.status).toBe(403);
    expect(errorOf(self.body).message).toMatch(/second person/);
    expect((await as(auditor).post(`/api/v1/exceptions/${id}/approve-dismissal`)).status).toBe(403);

    res = await as(admin).post<ExceptionDetailDto>(`/api/v1/exceptions/${id}/approve-dismissal`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dismissed', dismissal: { pendingApproval: false, approvedBy: { id: admin.id }, requestedBy: { id: fin.id } } });
    const actions = (await as(fin).get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body.history.map((h) => [
      h.action,
      h.actor.kind === 'user' ? h.actor.id : null,
    ]);
    expect(actions.slice(1)).toEqual([
      ['dismissal_requested', fin.id],
      ['dismissed', admin.id],
    ]);
    // The database refuses a dismissal approved by its requester, and any rewrite of history, whatever the code does.
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await expect(db.query(`update exceptions set dismissal_approved_by = dismissal_requested_by where id = $1`, [id])).rejects.toThrow(
        /exceptions_four_eyes_check/,
      );
      await expect(db.query(`update exception_history set reason = 'rewritten' where exception_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(db.query(`delete from exception_history where exception_id = $1`, [id])).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });

  it('lets a second person reject a pending dismissal', async () => {
    const id = await newException('5000.00');
    await as(fin).post(`/api/v1/exceptions/${id}/dismiss`, { reason: 'not ours' });
    const res = await as(it_).post<ExceptionDetailDto>(`/api/v1/exceptions/${id}/reject-dismissal`, { reason: 'it is ours' });
    expect(res.body).toMatchObject({ status: 'open', dismissal: null });
    expect(res.body.history.at(-1)).toMatchObject({ action: 'dismissal_rejected', reason: 'it is ours', details: { rejectedReason: 'not ours' } });
  });

  it('lets auditors and viewers read but not act (403 JSON)', async () => {
    const id = await newException();
    for (const reader of [auditor, viewer]) {
      const api = as(reader);
      expect((await api.get(`/api/v1/exceptions/${id}`)).status).toBe(200);
      expect((await api.get('/api/v1/exceptions')).status).toBe(200);
      expect((await api.get('/api/v1/exceptions/aging')).status).toBe(200);
      expect((await api.get('/api/v1/incidents')).status).toBe(200);
      for (const [path, body] of [
        ['assign', { assignee: fin.email }],
        ['acknowledge', {}],
        ['resolve', { code: 'fixed' }],
        ['dismiss', { reason: 'x' }],
        ['approve-dismissal', {}],
        ['reopen', {}],
        ['comments', { text: 'hi' }],
      ] as const) {
        const res = await api.post(`/api/v1/exceptions/${id}/${path}`, body);
        expect(res.status).toBe(403);
        expect(errorOf(res.body).code).toBe('forbidden');
      }
      expect((await api.post('/api/v1/exceptions/bulk', { action: 'acknowledge', ids: [id] })).status).toBe(403);
    }
    const d = (await as(fin).get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;
    expect(d).toMatchObject({ status: 'open', assignee: null, comments: [] });
    expect(d.history).toHaveLength(1);
  });

  it('assigns only to existing, active users who can act', async () => {
    const id = await newException();
    const api = as(fin);
    for (const assignee of ['nobody@example.com', viewer.email, auditor.id]) {
      const res = await api.post(`/api/v1/exceptions/${id}/assign`, { assignee });
      expect(res.status).toBe(400);
      expect(errorOf(res.body).details).toEqual([{ field: 'assignee', message: expect.any(String) }]);
    }
    expect((await api.post(`/api/v1/exceptions/${id}/assign`, { assignee: admin.id })).status).toBe(200);
    const unassigned = await api.post<ExceptionDetailDto>(`/api/v1/exceptions/${id}/assign`, { assignee: null });
    expect(unassigned.body.assignee).toBeNull();
    expect(unassigned.body.history.at(-1)!.action).toBe('unassigned');
  });

  it('answers unknown exceptions with 404 and bad bodies with 400 naming the field, writing nothing', async () => {
    const api = as(fin);
    expect((await api.get('/api/v1/exceptions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/api/v1/exceptions/not-a-uuid')).status).toBe(404);
    expect((await api.post('/api/v1/exceptions/00000000-0000-4000-8000-000000000000/acknowledge')).status).toBe(404);
    expect((await api.post('/api/v1/exceptions/00000000-0000-4000-8000-000000000000/comments', { text: 'x' })).status).toBe(404);
    const id = await newException();
    let res = await api.post(`/api/v1/exceptions/${id}/resolve`, { code: 'auto_resolved', note: 'sneaky' });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).details?.[0]?.field).toBe('code');
    res = await api.post(`/api/v1/exceptions/${id}/resolve`, { code: 'fixed', extra: true });
    expect(res.status).toBe(400);
    expect(JSON.stringify(errorOf(res.body).details)).toMatch(/extra/);
    res = await api.post(`/api/v1/exceptions/${id}/comments`, { text: '   ' });
    expect(errorOf(res.body).details?.[0]?.field).toBe('text');
    const d = (await api.get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;
    expect(d).toMatchObject({ status: 'open', comments: [] });
  });

  describe('bulk', () => {
    it('acknowledges, assigns and resolves many in one go', async () => {
      const ids = await Promise.all([newException(), newException(), newException()]);
      const api = as(it_);
      let res = await api.post<BulkResponse>('/api/v1/exceptions/bulk', { action: 'assign', ids, assignee: it_.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'assign', updated: 3 });
      res = await api.post<BulkResponse>('/api/v1/exceptions/bulk', { action: 'acknowledge', ids: [...ids, ids[0]] });
      expect(res.body.updated).toBe(3);
      expect(res.body.items.map((i) => i.status)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
      res = await api.post<BulkResponse>('/api/v1/exceptions/bulk', { action: 'resolve', ids, code: 'fixed', note: 'connector patched' });
      expect(res.body.items.every((i) => i.status === 'resolved' && i.resolution?.note === 'connector patched' && i.assignee?.id === it_.id)).toBe(true);
      const d = (await api.get<ExceptionDetailDto>(`/api/v1/exceptions/${ids[1]}`)).body;
      expect(d.history.map((h) => h.action)).toEqual(['created', 'assigned', 'acknowledged', 'resolved']);
    });

    it('changes nothing when one id cannot make the transition, naming it', async () => {
      const [a, b, c] = await Promise.all([newException(), newException(), newException()]);
      await as(fin).post(`/api/v1/exceptions/${b}/dismiss`, { reason: 'noise' });
      const unknown = '00000000-0000-4000-8000-000000000001';
      const res = await as(fin).post('/api/v1/exceptions/bulk', { action: 'resolve', ids: [a, b, c, unknown], code: 'fixed' });
      expect(res.status).toBe(400);
      const err = errorOf(res.body);
      expect(err.message).toMatch(/nothing was changed/);
      expect(err.details).toEqual([
        { field: 'ids[1]', message: `${b}: cannot resolve a dismissed exception; reopen it first` },
        { field: 'ids[3]', message: `${unknown}: no such exception` },
      ]);
      for (const id of [a, c]) {
        const d = (await as(fin).get<ExceptionDetailDto>(`/api/v1/exceptions/${id}`)).body;
        expect(d.status).toBe('open');
        expect(d.history).toHaveLength(1);
      }
    });

    it('validates the body, naming the fields', async () => {
      let res = await as(fin).post('/api/v1/exceptions/bulk', { action: 'explode', ids: [] });
      expect(res.status).toBe(400);
      expect(errorOf(res.body).details?.[0]?.field).toBe('action');
      res = await as(fin).post('/api/v1/exceptions/bulk', { action: 'resolve', ids: [] });
      expect(
        errorOf(res.body)
          .details?.map((d) => d.field)
          .sort(),
      ).toEqual(['code', 'ids']);
    });
  });
});
