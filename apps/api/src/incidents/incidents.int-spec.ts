import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { type IncidentDetailDto, type IncidentDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { client, hoursAgo, seedFlows, signedIn, type TestUser } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { type ExceptionFinding } from '../exceptions/finding';

describe('incidents', () => {
  let t: TestApp;
  let intake: ExceptionsService;
  let ops: TestUser;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_INCIDENT_WINDOW_MINUTES: '30' });
    intake = t.app.get(ExceptionsService);
    await seedFlows(t, [{ id: 'sf-to-netsuite', materiality: { amount: '1000', currency: 'USD' }, impacts: ['cash'] }]);
    ops = await signedIn(t, 'it_ops');
    api = client(t, (await signedIn(t, 'viewer')).token);
  });
  afterAll(() => t.close());

  const failure = (recordKey: string, over: Partial<ExceptionFinding> = {}): ExceptionFinding => ({
    type: 'delivery_failure',
    flow: 'sf-to-netsuite',
    recordKey,
    cause: 'mapping',
    ...over,
  });
  const incident = async (id: string) => (await api.get<IncidentDetailDto>(`/api/v1/incidents/${id}`)).body;
  const incidentOf = async (exceptionId: string) => (await api.get<{ incidentId: string }>(`/api/v1/exceptions/${exceptionId}`)).body.incidentId;

  it('groups exceptions of one flow and one cause within the window, with counts, seen times and amounts', async () => {
    await intake.recordFindings([
      failure('ORD-1', { amount: '100.10', currency: 'USD', observedAt: hoursAgo(1) }),
      failure('ORD-2', { amount: '0.20', currency: 'USD', observedAt: hoursAgo(0.9) }),
      failure('ORD-3', { amount: '7.00', currency: 'EUR', observedAt: hoursAgo(0.8) }),
      failure('ORD-4', { cause: 'transient', observedAt: hoursAgo(0.8) }),
      failure('ORD-5', { flow: 'other-flow', observedAt: hoursAgo(0.8) }),
    ]);
    await intake.recordFinding(failure('ORD-1', { amount: '100.10', currency: 'USD', observedAt: hoursAgo(0.5) }));
    const [one, two, three, four, five] = await Promise.all(
      ['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5'].map(async (k) => {
        const [item] = (await api.get<Page<{ id: string; incidentId: string }>>(`/api/v1/exceptions?recordKey=${k}`)).body.items;
        return item!.incidentId;
      }),
    );
    expect(one).toEqual(expect.any(String));
    expect(two).toBe(one);
    expect(three).toBe(one);
    expect(four).not.toBe(one);
    expect(five).not.toBe(one);
    expect(five).not.toBe(four);

    const d = await incident(one!);
    expect(d).toMatchObject({
      flow: 'sf-to-netsuite',
      cause: 'mapping',
      type: null,
      title: 'sf-to-netsuite: mapping failures',
      status: 'open',
      exceptionCount: 3,
      unresolvedCount: 3,
      occurrences: 4,
      amountsAtRisk: [
        { currency: 'EUR', amount: '7.00' },
        { currency: 'USD', amount: '100.30' },
      ],
      exceptionsTruncated: false,
    });
    expect(new Date(d.firstSeenAt).getTime()).toBeLessThan(hoursAgo(0.95).getTime());
    expect(new Date(d.lastSeenAt).getTime()).toBeGreaterThan(hoursAgo(0.55).getTime());
    expect(d.exceptions.map((e) => e.recordKey)).toEqual(['ORD-1', 'ORD-3', 'ORD-2']);
    expect((await incident(four!)).cause).toBe('transient');
    expect((await incident(five!)).flow).toBe('other-flow');
  });

  it('starts a new incident past the window', async () => {
    const early = await intake.recordFinding(failure('LATE-1', { cause: 'policy', observedAt: hoursAgo(5) }));
    const late = await intake.recordFinding(failure('LATE-2', { cause: 'policy', observedAt: hoursAgo(4) }));
    const near = await intake.recordFinding(failure('LATE-3', { cause: 'policy', observedAt: hoursAgo(3.7) }));
    expect(await incidentOf(late.id)).not.toBe(await incidentOf(early.id));
    expect(await incidentOf(near.id)).toBe(await incidentOf(late.id));
  });

  it('derives its status from its exceptions: acknowledged, resolved when all are, open again on recurrence', async () => {
    const findings = ['ST-1', 'ST-2'].map((k) => failure(k, { cause: 'data_quality', amount: '5000', currency: 'USD' }));
    const a = (await intake.recordFinding(findings[0]!)).id;
    const b = (await intake.recordFinding(findings[1]!)).id;
    const incidentId = (await incidentOf(a))!;
    expect(await incidentOf(b)).toBe(incidentId);
    const act = client(t, ops.token);
    expect((await incident(incidentId)).severity).toBe('critical');

    await act.post('/api/v1/exceptions/bulk', { action: 'acknowledge', ids: [a, b] });
    expect((await incident(incidentId)).status).toBe('acknowledged');

    await act.post(`/api/v1/exceptions/${a}/resolve`, { code: 'data_corrected' });
    let d = await incident(incidentId);
    expect(d).toMatchObject({ status: 'acknowledged', unresolvedCount: 1, resolvedAt: null, amountsAtRisk: [{ currency: 'USD', amount: '5000' }] });
    expect(d.amountsAffected).toEqual([{ currency: 'USD', amount: '10000' }]);

    await intake.autoResolve({ type: 'delivery_failure', flow: 'sf-to-netsuite', recordKey: 'ST-2' }, 'record posted');
    d = await incident(incidentId);
    expect(d).toMatchObject({ status: 'resolved', unresolvedCount: 0, amountsAtRisk: [] });
    expect(d.resolvedAt).not.toBeNull();
    const resolved = (await api.get<Page<IncidentDto>>('/api/v1/incidents?status=resolved&flow=sf-to-netsuite')).body.items;
    expect(resolved.map((i) => i.id)).toContain(incidentId);

    await intake.recordFinding(findings[1]!);
    d = await incident(incidentId);
    expect(d).toMatchObject({ status: 'open', unresolvedCount: 1, resolvedAt: null });
  });

  it('opens one incident when exceptions of one group arrive concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => intake.recordFinding(failure(`CC-${i}`, { cause: 'target_rejected' }))));
    const incidents = new Set(await Promise.all(results.map((r) => incidentOf(r.id))));
    expect(incidents.size).toBe(1);
    expect((await incident([...incidents][0]!)).exceptionCount).toBe(8);
  });

  it('lists incidents most recent first, filtered and paginated', async () => {
    const all = (await api.get<Page<IncidentDto>>('/api/v1/incidents?limit=100')).body.items;
    expect(all.length).toBeGreaterThanOrEqual(7);
    const lastSeen = all.map((i) => Date.parse(i.lastSeenAt));
    expect(lastSeen).toEqual([...lastSeen].sort((x, y) => y - x));
    const paged: IncidentDto[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<IncidentDto> = (await api.get<Page<IncidentDto>>(`/api/v1/incidents?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    const other = (await api.get<Page<IncidentDto>>('/api/v1/incidents?flow=other-flow')).body.items;
    expect(other.map((i) => i.flow)).toEqual(['other-flow']);
    expect((await api.get<Page<IncidentDto>>('/api/v1/incidents?status=open,acknowledged')).body.items.every((i) => i.status !== 'resolved')).toBe(true);
    const bad = await api.get('/api/v1/incidents?status=closed');
    expect(bad.status).toBe(400);
    expect((bad.body as ApiErrorBody).error.details?.[0]?.field).toBe('status');
    expect((await api.get('/api/v1/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const byIncident = (await api.get<Page<{ incidentId: string }>>(`/api/v1/exceptions?incident=${all[0]!.id}`)).body.items;
    expect(byIncident.length).toBe(all[0]!.exceptionCount);
  });
});

describe('incidents grouped by configured keys', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('also separates entities when CLOSEWATCH_INCIDENT_GROUP_BY includes entity', async () => {
    t = await startTestApp({ CLOSEWATCH_INCIDENT_GROUP_BY: 'flow,cause,entity' });
    const intake = t.app.get(ExceptionsService);
    const r = await intake.recordFindings(
      ['US01', 'US01', 'DE01'].map((entity, i) => ({ type: 'sync_delay' as const, flow: 'f', recordKey: `K-${i}`, entity })),
    );
    const api = client(t, await t.tokenFor('viewer'));
    const incidentIds = await Promise.all(
      r.exceptions.map(async (e) => (await api.get<{ incidentId: string; entity: string }>(`/api/v1/exceptions/${e.id}`)).body),
    );
    const byEntity = new Map<string, Set<string>>();
    for (const e of incidentIds) byEntity.set(e.entity, (byEntity.get(e.entity) ?? new Set()).add(e.incidentId));
    expect(byEntity.get('US01')!.size).toBe(1);
    expect([...byEntity.get('US01')!][0]).not.toBe([...byEntity.get('DE01')!][0]);
    const d = (await api.get<IncidentDetailDto>(`/api/v1/incidents/${[...byEntity.get('DE01')!][0]}`)).body;
    expect(d).toMatchObject({ entity: 'DE01', cause: 'sync_delay', title: 'f: sync delays (DE01)' });
  });
});
