import { type Page } from '@closewatch/contracts/pagination';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { encodeCursor } from '../common/pagination';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, errorFields, get, hop, writeHops } from '../../test/telemetry-fixtures';

describe('GET /api/v1/hops', () => {
  let t: TestApp;
  let viewer: string;
  /** Record keys in write order; the list answers newest first. */
  const written: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.tokenFor('viewer');
    await addFlow(t, 'coupa-to-netsuite', 'AP invoices');
    const base = Date.parse('2026-11-02T10:00:00Z');
    const rows = [
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'H-1',
        stage: 'emitted',
        system: 'coupa',
        entity: 'US01',
        period: '2026-10',
        amount: '1234567890123.4567',
        currency: 'USD',
      }),
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'H-1', stage: 'posted', system: 'netsuite', entity: 'US01', period: '2026-10' }),
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'H-2', stage: 'emitted', system: 'coupa', entity: 'DE01', period: '2026-11' }),
      hop({
        flowId: 'coupa-to-netsuite',
        recordKey: 'H-2',
        stage: 'failed',
        system: 'netsuite',
        entity: 'DE01',
        period: '2026-11',
        errorClass: 'mapping',
        errorMessage: 'no GL account for cost center 4711',
      }),
      hop({ flowId: 'shadow-etl', recordKey: 'H-3', stage: 'emitted', system: 'excel', period: '2026-11' }),
      hop({ flowId: 'shadow-etl', recordKey: 'H-3', stage: 'dead_lettered', system: 'boomi', period: '2026-11' }),
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'H-4', stage: 'emitted', system: 'coupa', entity: 'US01', period: '2026-11' }),
    ];
    // One batch per hop, with times running backwards, so id order (the list's order) differs from time order.
    for (const [i, r] of rows.entries()) {
      await writeHops(t, [{ ...r, occurredAt: new Date(base - i * 60_000) }]);
      written.push(`${r.recordKey}/${r.stage}`);
    }
  });
  afterAll(() => t.close());

  const keys = (items: HopDto[]) => items.map((h) => `${h.recordKey}/${h.stage}`);

  it('lists hops newest first and pages through all of them without duplicates or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: Page<HopDto> } = await get<Page<HopDto>>(t, `/api/v1/hops?limit=3${cursor ? `&cursor=${cursor}` : ''}`, viewer);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...keys(res.body.items));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...written].reverse());
  });

  it('answers a last page with a null cursor', async () => {
    const res = await get<Page<HopDto>>(t, '/api/v1/hops?limit=1000', viewer);
    expect(res.body.items).toHaveLength(7);
    expect(res.body.nextCursor).toBeNull();
  });

  it('marks hops of catalog flows as registered and keeps amounts exact', async () => {
    const { body } = await get<Page<HopDto>>(t, '/api/v1/hops?recordKey=H-1&stage=emitted', viewer);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      flow: 'coupa-to-netsuite',
      registered: true,
      amount: '1234567890123.4567',
      currency: 'USD',
      occurredAt: '2026-11-02T10:00:00.000Z',
    });
    const shadow = await get<Page<HopDto>>(t, '/api/v1/hops?flow=shadow-etl', viewer);
    expect(shadow.body.items.map((h) => h.registered)).toEqual([false, false]);
  });

  it.each([
    ['flow=shadow-etl', ['H-3/dead_lettered', 'H-3/emitted']],
    ['recordKey=H-2', ['H-2/failed', 'H-2/emitted']],
    ['stage=emitted', ['H-4/emitted', 'H-3/emitted', 'H-2/emitted', 'H-1/emitted']],
    ['status=error', ['H-3/dead_lettered', 'H-2/failed']],
    ['system=netsuite', ['H-2/failed', 'H-1/posted']],
    ['entity=US01', ['H-4/emitted', 'H-1/posted', 'H-1/emitted']],
    ['period=2026-10', ['H-1/posted', 'H-1/emitted']],
    ['flow=coupa-to-netsuite&entity=US01&period=2026-11', ['H-4/emitted']],
    ['flow=nobody', []],
    ['flow=&stage=', ['H-4/emitted', 'H-3/dead_lettered', 'H-3/emitted', 'H-2/failed', 'H-2/emitted', 'H-1/posted', 'H-1/emitted']],
  ])('filters on %s', async (query, expected) => {
    const res = await get<Page<HopDto>>(t, `/api/v1/hops?${query}`, viewer);
    expect(res.status).toBe(200);
    expect(keys(res.body.items)).toEqual(expected);
  });

  it('pages within a filter', async () => {
    const first = await get<Page<HopDto>>(t, '/api/v1/hops?stage=emitted&limit=2', viewer);
    expect(keys(first.body.items)).toEqual(['H-4/emitted', 'H-3/emitted']);
    const second = await get<Page<HopDto>>(t, `/api/v1/hops?stage=emitted&limit=2&cursor=${first.body.nextCursor}`, viewer);
    expect(keys(second.body.items)).toEqual(['H-2/emitted', 'H-1/emitted']);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['stage=sent', 'stage'],
    ['status=warning', 'status'],
    ['period=2026-13', 'period'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=garbage', 'cursor'],
    [`cursor=${encodeCursor(['1 or 1=1'])}`, 'cursor'],
    ['flows=x', 'flows'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await get(t, `/api/v1/hops?${query}`, viewer);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect(errorFields(res.body)).toEqual([field]);
  });

  it('is readable by auditors and refused without a token', async () => {
    expect((await get(t, '/api/v1/hops', await t.tokenFor('auditor'))).status).toBe(200);
    expect((await get(t, '/api/v1/hops')).status).toBe(401);
  });
});
