import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { type AgingResponse, type ExceptionDetailDto, type ExceptionDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { client, hoursAgo, seedFlows, signedIn, type TestUser } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ExceptionsService } from './exceptions.service';
import { type ExceptionFinding } from './finding';

describe('exception lists, export and aging', () => {
  let t: TestApp;
  let intake: ExceptionsService;
  let fin: TestUser;
  let auditor: TestUser;
  let api: ReturnType<typeof client>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    intake = t.app.get(ExceptionsService);
    await seedFlows(t, [
      { id: 'f1', materiality: { amount: '10000', currency: 'USD' }, impacts: ['cash'] },
      { id: 'f2', materiality: { amount: '1000', currency: 'EUR' }, impacts: ['close'] },
    ]);
    fin = await signedIn(t, 'finance_ops');
    auditor = await signedIn(t, 'auditor');
    api = client(t, fin.token);
    const seeds: Record<string, ExceptionFinding> = {
      a: {
        type: 'delivery_failure',
        flow: 'f1',
        recordKey: 'INV-A1',
        cause: 'mapping',
        amount: '100.10',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
        observedAt: hoursAgo(2),
      },
      b: {
        type: 'sync_delay',
        flow: 'f1',
        recordKey: 'INV-B1',
        amount: '20000.20',
        currency: 'USD',
        entity: 'DE01',
        period: '2026-11',
        observedAt: hoursAgo(48),
      },
      c: { type: 'run_failed', flow: 'f2', runId: 'r1', entity: 'DE01', period: '2026-10', observedAt: hoursAgo(5 * 24) },
      d: {
        type: 'recon_break',
        flow: 'f2',
        recordKey: 'INV-D1',
        cause: 'amount_mismatch',
        amount: '5.00',
        currency: 'EUR',
        entity: 'US01',
        period: '2026-10',
        observedAt: hoursAgo(10 * 24),
      },
      e: { type: 'unregistered_flow', flow: 'ghost', observedAt: hoursAgo(40 * 24) },
    };
    for (const [k, f] of Object.entries(seeds)) ids[k] = (await intake.recordFinding(f)).id;
    await intake.recordFindings(
      Array.from({ length: 25 }, (_, i) => ({
        type: 'delivery_failure' as const,
        flow: 'f1',
        recordKey: `PAGE-${String(i).padStart(2, '0')}`,
        cause: 'transient',
        amount: `${(i % 7) * 10}.05`,
        currency: 'USD',
        entity: 'NL01',
        observedAt: hoursAgo(1 + i / 10),
      })),
    );
    await api.post(`/api/v1/exceptions/${ids.b}/assign`, { assignee: fin.email });
    await api.post(`/api/v1/exceptions/${ids.b}/acknowledge`);
    await api.post(`/api/v1/exceptions/${ids.d}/resolve`, { code: 'data_corrected' });
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await api.get<Page<ExceptionDto>>(`/api/v1/exceptions?${query}`);
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const keys = async (query: string) =>
    (await list(`${query}&limit=1000`)).items.map((e) => Object.entries(ids).find(([, id]) => id === e.id)?.[0] ?? e.recordKey);
  const field = async (query: string) => {
    const res = await api.get(`/api/v1/exceptions?${query}`);
    expect(res.status).toBe(400);
    return (res.body as ApiErrorBody).error.details?.map((d) => d.field);
  };

  it('answers the fixed item shape', async () => {
    const [a] = (await list('recordKey=INV-A1')).items;
    expect(Object.keys(a!)).toEqual(
      expect.arrayContaining([
        'id',
        'type',
        'flow',
        'recordKey',
        'status',
        'severity',
        'amountAtRisk',
        'currency',
        'entity',
        'period',
        'occurrences',
        'firstSeenAt',
        'lastSeenAt',
        'assignee',
      ]),
    );
    expect(a).toMatchObject({
      amountAtRisk: '100.10',
      currency: 'USD',
      ageBucket: '<1d',
      overdue: false,
      title: 'Delivery of INV-A1 failed (mapping)',
      cause: 'mapping',
    });
  });

  it('filters by type, flow, status, severity, record key, entity, period, age bucket, overdue, assignee and text', async () => {
    expect(await keys('type=run_failed,recon_break')).toEqual(expect.arrayContaining(['c', 'd']));
    expect(await keys('type=run_failed,recon_break')).toHaveLength(2);
    expect((await keys('flow=f2')).sort()).toEqual(['c', 'd']);
    expect(await keys('status=acknowledged')).toEqual(['b']);
    expect(await keys('status=resolved')).toEqual(['d']);
    expect(await keys('severity=critical')).toEqual(['b']);
    expect(await keys('recordKey=INV-D1')).toEqual(['d']);
    expect((await keys('entity=DE01')).sort()).toEqual(['b', 'c']);
    expect((await keys('period=2026-10')).sort()).toEqual(['c', 'd']);
    expect(await keys('ageBucket=1-3d')).toEqual(['b']);
    expect(await keys('ageBucket=3-7d')).toEqual(['c']);
    expect(await keys('ageBucket=7-30d')).toEqual(['d']);
    expect(await keys('ageBucket=>30d')).toEqual(['e']);
    expect((await keys('ageBucket=<1d')).length).toBe(26);
    // b is critical (4 h SLA) and 2 days old, c high (24 h) and 5 days old, e low (7 days) and 40 days old; d is resolved.
    expect((await keys('overdue=true')).sort()).toEqual(['b', 'c', 'e']);
    expect(await keys('overdue=false&flow=f2')).toEqual(['d']);
    expect(await keys('assignee=me')).toEqual(['b']);
    expect(await keys(`assignee=${encodeURIComponent(fin.email)}`)).toEqual(['b']);
    expect(await keys(`assignee=${fin.id}`)).toEqual(['b']);
    expect((await keys('assignee=none')).length).toBe(29);
    expect((await keys('q=page-1')).length).toBe(10);
    expect(await keys('q=inv-b')).toEqual(['b']);
    expect(await keys('flow=f1&status=open&entity=US01&type=delivery_failure')).toEqual(['a']);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    expect(await field('type=nope')).toEqual(['type']);
    expect(await field('status=open,closed')).toEqual(['status']);
    expect(await field('ageBucket=2d')).toEqual(['ageBucket']);
    expect(await field('overdue=maybe')).toEqual(['overdue']);
    expect(await field('period=2026-13')).toEqual(['period']);
    expect(await field('sort=name')).toEqual(['sort']);
    expect(await field('limit=0')).toEqual(['limit']);
    expect(await field('assignee=ghost@example.com')).toEqual(['assignee']);
    expect(await field('incident=abc')).toEqual(['incident']);
    expect(await field('cursor=abc')).toEqual(['cursor']);
  });

  it('pages through a filtered list with keyset cursors, in every sort, without gaps or repeats', async () => {
    for (const sort of ['-lastSeenAt', 'lastSeenAt', 'firstSeenAt', '-firstSeenAt', '-severity', 'severity', '-amountAtRisk', 'amountAtRisk']) {
      const all = (await list(`entity=NL01&sort=${sort}&limit=1000`)).items;
      expect(all).toHaveLength(25);
      const seen: ExceptionDto[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page<ExceptionDto> = await list(`entity=NL01&sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
      const field = sort.replace('-', '') as 'lastSeenAt' | 'firstSeenAt' | 'severity' | 'amountAtRisk';
      const value = (e: ExceptionDto) =>
        field === 'severity'
          ? ['low', 'medium', 'high', 'critical'].indexOf(e.severity)
          : field === 'amountAtRisk'
            ? Number(e.amountAtRisk)
            : Date.parse(e[field]);
      const values = seen.map(value);
      const sorted = [...values].sort((x, y) => (sort.startsWith('-') ? y - x : x - y));
      expect(values).toEqual(sorted);
    }
    const first = await list('entity=NL01&sort=-severity&limit=5');
    expect(await field(`sort=-lastSeenAt&cursor=${first.nextCursor}`)).toEqual(['cursor']);
  });

  it('sorts unknown amounts last when sorting by amount descending', async () => {
    const items = (await list('sort=-amountAtRisk&limit=1000')).items;
    expect(items[0]!.id).toBe(ids.b);
    expect(items.at(-1)!.amountAtRisk).toBeNull();
  });

  it('exports the filtered list as CSV', async () => {
    const res = await fetch(`${t.url}/api/v1/exceptions/export?format=csv&flow=f1&sort=-lastSeenAt`, { headers: { authorization: `Bearer ${auditor.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="exceptions-.*\.csv"/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,type,flow,recordKey,runId,cause,title,status,severity,amountAtRisk,currency,entity,period,occurrences,firstSeenAt,lastSeenAt,ageBucket,slaDueAt,overdue,assignee,incidentId,resolutionCode,resolutionNote,resolvedAt,dismissalReason,dismissalApprovedBy',
    );
    const listed = (await list('flow=f1&sort=-lastSeenAt&limit=1000')).items;
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(listed.map((e) => e.id));
    const b = lines.find((l) => l.startsWith(ids.b!))!.split(',');
    expect(b.slice(1, 4)).toEqual(['sync_delay', 'f1', 'INV-B1']);
    expect(b[9]).toBe('20000.20');
    expect(b[19]).toBe(fin.email);
    const bad = await fetch(`${t.url}/api/v1/exceptions/export?format=xlsx`, { headers: { authorization: `Bearer ${fin.token}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiErrorBody).error.details?.[0]?.field).toBe('format');
  });

  it('exports exceptions with their full histories and comments as JSON and CSV, and audits each export', async () => {
    await api.post(`/api/v1/exceptions/${ids.b}/comments`, { text: 'called the ERP team, "resend" tomorrow' });
    const get = (query: string) => fetch(`${t.url}/api/v1/exceptions/export?${query}`, { headers: { authorization: `Bearer ${auditor.token}` } });
    const json = await get('format=json&flow=f1&sort=-lastSeenAt');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await json.json()) as { filters: Record<string, unknown>; exceptions: ExceptionDetailDto[]; count: number };
    expect(doc.filters).toEqual({ flow: 'f1' });
    const listed = (await list('flow=f1&sort=-lastSeenAt&limit=1000')).items;
    expect(doc.exceptions.map((e) => e.id)).toEqual(listed.map((e) => e.id));
    expect(doc.count).toBe(listed.length);
    for (const e of doc.exceptions) {
      const detail = (await api.get<ExceptionDetailDto>(`/api/v1/exceptions/${e.id}`)).body;
      expect(e.history).toEqual(detail.history);
      expect(e.comments).toEqual(detail.comments);
    }
    expect(doc.exceptions.find((e) => e.id === ids.b)!.comments.map((c) => c.text)).toContain('called the ERP team, "resend" tomorrow');

    const csv = await get('format=csv&history=true&flow=f1&sort=-lastSeenAt');
    const rows = (await csv.text()).trimEnd().split('\r\n');
    expect(rows[0]).toMatch(
      /,dismissalApprovedBy,historyId,historyAt,historyAction,historyActor,historyFromStatus,historyToStatus,historyReason,historyDetails$/,
    );
    expect(rows.length - 1).toBe(doc.exceptions.reduce((n, e) => n + e.history.length, 0));

    const exports = await client(t, (await signedIn(t, 'admin')).token).get<Page<AuditEntryDto>>('/api/v1/audit?action=export.exceptions&limit=10');
    // Newest first; the CSV test before this one exported too.
    expect(exports.body.items.slice(0, 2).map((e) => [e.actor.email, e.after])).toEqual([
      [auditor.email, { format: 'csv', filters: { flow: 'f1', sort: '-lastSeenAt', history: true } }],
      [auditor.email, { format: 'json', filters: { flow: 'f1', sort: '-lastSeenAt', history: false } }],
    ]);
  });

  it('streams an export larger than one batch, every row once', async () => {
    const findings: ExceptionFinding[] = Array.from({ length: 1234 }, (_, i) => ({
      type: 'sync_delay',
      flow: 'bulk-flow',
      recordKey: `BULK-${i}`,
      amount: '1.10',
      currency: 'GBP',
    }));
    expect((await intake.recordFindings(findings)).created).toBe(1234);
    const res = await fetch(`${t.url}/api/v1/exceptions/export?flow=bulk-flow&sort=amountAtRisk`, { headers: { authorization: `Bearer ${fin.token}` } });
    const rows = (await res.text()).trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(1234);
    expect(new Set(rows.map((r) => r.split(',')[3])).size).toBe(1234);
  });

  it('reports aging of unresolved exceptions by bucket and severity, with exact amounts per currency', async () => {
    const res = await client(t, auditor.token).get<AgingResponse>('/api/v1/exceptions/aging?flow=f1');
    expect(res.status).toBe(200);
    const { cells, totals } = res.body;
    expect(cells).toHaveLength(20);
    expect(cells.slice(0, 4).map((c) => c.severity)).toEqual(['critical', 'high', 'medium', 'low']);
    const cell = (bucket: string, severity: string) => cells.find((c) => c.ageBucket === bucket && c.severity === severity)!;
    expect(cell('1-3d', 'critical')).toEqual({
      ageBucket: '1-3d',
      severity: 'critical',
      count: 1,
      overdue: 1,
      amounts: [{ currency: 'USD', amount: '20000.20' }],
    });
    // a (100.10) and the 25 PAGE exceptions: 0.05 + 10.05 + ... exactly.
    const pageSum = Array.from({ length: 25 }, (_, i) => (i % 7) * 1000 + 5).reduce((x, y) => x + y, 0) + 10010;
    expect(cell('<1d', 'low')).toMatchObject({ count: 26, overdue: 0, amounts: [{ currency: 'USD', amount: (pageSum / 100).toFixed(2) }] });
    expect(totals.count).toBe(27);
    expect(totals.overdue).toBe(1);
    expect(totals.amounts).toEqual([{ currency: 'USD', amount: ((pageSum + 2000020) / 100).toFixed(2) }]);

    const all = (await api.get<AgingResponse>('/api/v1/exceptions/aging')).body;
    expect(all.totals.amounts.map((a) => a.currency)).toEqual(['GBP', 'USD']);
    expect(all.totals.amounts[0]).toEqual({ currency: 'GBP', amount: '1357.40' });
    expect(all.cells.find((c) => c.ageBucket === '7-30d')!.count).toBe(0); // d is resolved
    expect(all.cells.find((c) => c.ageBucket === '>30d' && c.severity === 'low')!.count).toBe(1);
    const bad = await api.get('/api/v1/exceptions/aging?status=open');
    expect(bad.status).toBe(400);
  });
});
