import { type Page } from '@closewatch/contracts/pagination';
import { type RunDto } from '@closewatch/contracts/telemetry';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, errorFields, get, writeRun } from '../../test/telemetry-fixtures';

describe('GET /api/v1/runs', () => {
  let t: TestApp;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.tokenFor('viewer');
    await addFlow(t, 'netsuite-to-anaplan', 'Actuals to Anaplan', 'netsuite', 'anaplan');
    const flow = 'netsuite-to-anaplan';
    await writeRun(t, { flow, runId: 'r1', status: 'started', startedAt: '2026-11-02T01:00:00Z', period: '2026-10', entity: 'US01' });
    await writeRun(t, { flow, runId: 'r2', status: 'started', startedAt: '2026-11-02T02:00:00Z', period: '2026-10' });
    await writeRun(t, {
      flow,
      runId: 'r1',
      status: 'succeeded',
      finishedAt: '2026-11-02T01:05:00Z',
      rowsRead: 9_007_199_254,
      rowsWritten: 9_007_199_250,
      rowsRejected: 4,
      watermark: '2026-11-02T00:59:59Z',
    });
    await writeRun(t, { flow, runId: 'r2', status: 'failed', finishedAt: '2026-11-02T02:01:00Z', errorCode: 'ANAPLAN_429', errorMessage: 'rate limited' });
    await writeRun(t, { flow, runId: 'r3', status: 'started', startedAt: '2026-11-02T03:00:00Z' });
    // Reported out of order: the finished report arrives before the started one.
    await writeRun(t, {
      flow: 'legacy-gl-extract',
      runId: 'r4',
      status: 'succeeded',
      startedAt: '2026-11-02T04:00:00Z',
      finishedAt: '2026-11-02T04:10:00Z',
      rowsRead: 10,
    });
    await writeRun(t, { flow: 'legacy-gl-extract', runId: 'r4', status: 'started', startedAt: '2026-11-02T04:00:00Z' });
    await writeRun(t, { flow: 'legacy-gl-extract', runId: 'r5', status: 'failed', finishedAt: '2026-11-02T05:00:00Z' });
  });
  afterAll(() => t.close());

  const ids = (items: RunDto[]) => items.map((r) => `${r.runId}:${r.status}`);

  it('answers one item per run with its current status, newest report first', async () => {
    const res = await get<Page<RunDto>>(t, '/api/v1/runs', viewer);
    expect(res.status).toBe(200);
    expect(ids(res.body.items)).toEqual(['r5:failed', 'r4:succeeded', 'r3:started', 'r2:failed', 'r1:succeeded']);
    expect(res.body.nextCursor).toBeNull();
  });

  it('completes a finished run with what its start report said', async () => {
    const { body } = await get<Page<RunDto>>(t, '/api/v1/runs?flow=netsuite-to-anaplan', viewer);
    const r1 = body.items.find((r) => r.runId === 'r1');
    expect(r1).toEqual({
      flow: 'netsuite-to-anaplan',
      runId: 'r1',
      status: 'succeeded',
      startedAt: '2026-11-02T01:00:00.000Z',
      finishedAt: '2026-11-02T01:05:00.000Z',
      rowsRead: 9_007_199_254,
      rowsWritten: 9_007_199_250,
      rowsRejected: 4,
      period: '2026-10',
      entity: 'US01',
      watermark: '2026-11-02T00:59:59Z',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      error: null,
      registered: true,
      // Written by the fixture, not through an ingest key.
      ingestKeyId: null,
    });
    expect(body.items.find((r) => r.runId === 'r2')).toMatchObject({
      status: 'failed',
      error: { code: 'ANAPLAN_429', message: 'rate limited' },
      startedAt: '2026-11-02T02:00:00.000Z',
    });
  });

  it('marks runs of flows outside the catalog as unregistered', async () => {
    const { body } = await get<Page<RunDto>>(t, '/api/v1/runs?flow=legacy-gl-extract', viewer);
    expect(ids(body.items)).toEqual(['r5:failed', 'r4:succeeded']);
    expect(body.items.every((r) => r.registered === false)).toBe(true);
  });

  it('pages through every run without duplicates or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: Page<RunDto> } = await get<Page<RunDto>>(t, `/api/v1/runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, viewer);
      seen.push(...ids(res.body.items));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['r5:failed', 'r4:succeeded', 'r3:started', 'r2:failed', 'r1:succeeded']);
  });

  it.each([
    ['status=failed', ['r5:failed', 'r2:failed']],
    ['status=started', ['r3:started']],
    ['status=succeeded&flow=netsuite-to-anaplan', ['r1:succeeded']],
  ])('filters on %s by the current status', async (query, expected) => {
    const res = await get<Page<RunDto>>(t, `/api/v1/runs?${query}`, viewer);
    expect(ids(res.body.items)).toEqual(expected);
  });

  it.each([
    ['status=done', 'status'],
    ['limit=-1', 'limit'],
    ['cursor=%%%', 'cursor'],
    ['runId=r1', 'runId'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await get(t, `/api/v1/runs?${query}`, viewer);
    expect(res.status).toBe(400);
    expect(errorFields(res.body)).toEqual([field]);
  });

  it('is readable by auditors and refused without a token', async () => {
    expect((await get(t, '/api/v1/runs', await t.tokenFor('auditor'))).status).toBe(200);
    expect((await get(t, '/api/v1/runs')).status).toBe(401);
  });
});
