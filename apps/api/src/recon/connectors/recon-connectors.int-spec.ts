import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconBreakDto, type ReconDto, type ReconFileDto, type ReconRunDto } from '@closewatch/contracts/recon';
import { api, createFlow } from '../../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { ReconWorkerService } from '../runs/recon-worker.service';

const FLOW = 'coupa-to-oracle-invoices';
const TOKEN = 'Bearer erp-api-token-123';

/** A JSON API on loopback that needs no token, and notes the Authorization header it receives. */
function otherApi(): Promise<{ server: Server; url: string; authorizations: (string | undefined)[] }> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    authorizations.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ records: [{ id: 'B', value: '2.50' }], links: { next: null } }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, authorizations })),
  );
}

/**
 * A paginated JSON API on loopback: cursor pages (the second answers 429 once), next-link pages
 * (`/elsewhere/1` links to `elsewhere`, another origin), a page that needs an api_key in the
 * query, one larger than the tests' size cap, and a redirect to a loopback address not allowed.
 */
function erpApi(elsewhere: () => string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  let throttled = false;
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== TOKEN) return json(401, { error: 'no token' });
    if (url.pathname === '/invoices') {
      if (url.searchParams.get('period') !== '2026-11') return json(400, { error: 'period' });
      if (!url.searchParams.get('cursor')) {
        return json(200, {
          data: {
            items: [
              { doc: { ref: 'INV-3' }, supplier: 'Initech', total_cents: 1100, currency: 'EUR' },
              { doc: { ref: 'INV-1' }, supplier: 'ACME  corp', total_cents: 123450, currency: 'EUR' },
            ],
          },
          meta: { next: 'c2' },
        });
      }
      if (url.searchParams.get('cursor') === 'c2') {
        if (!throttled) {
          throttled = true;
          return json(429, { error: 'slow down' }, { 'retry-after': '0' });
        }
        return json(200, { data: { items: [{ doc: { ref: 'INV-4' }, supplier: 'Umbrella', total_cents: 500, currency: 'EUR' }] }, meta: { next: null } });
      }
    }
    if (url.pathname === '/linked/1') return json(200, { records: [{ id: 'A', value: '1.00' }], links: { next: '/linked/2' } });
    if (url.pathname === '/linked/2') return json(200, { records: [{ id: 'B', value: '2.50' }], links: { next: null } });
    if (url.pathname === '/elsewhere/1') return json(200, { records: [{ id: 'A', value: '1.00' }], links: { next: `${elsewhere()}/page/2` } });
    if (url.pathname === '/keyed')
      return url.searchParams.get('api_key') === 'k-123' ? json(200, [{ id: 'A', value: '1.00' }]) : json(403, { error: 'api_key' });
    if (url.pathname === '/big') return json(200, [{ id: 'A', value: '1.00', pad: 'x'.repeat(20_000) }]);
    if (url.pathname === '/to-other-loopback')
      return json(302, {}, { location: `http://127.0.0.2:${url.port || (server.address() as { port: number }).port}/linked/2` });
    return json(404, { error: 'not found' });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests })),
  );
}

describe('reconciliation connectors: csv, http, telemetry', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  let worker: ReconWorkerService;
  let csvDir: string;
  let erp: Awaited<ReturnType<typeof erpApi>>;
  let other: Awaited<ReturnType<typeof otherApi>>;
  let ingestKey: string;

  const runOnce = async (reconId: string) => {
    const started = await admin.post<{ runId: string }>(`/api/v1/recons/${reconId}/runs`);
    expect(started.status).toBe(202);
    await worker.drain();
    return (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body;
  };
  const breaks = async (runId: string) => (await admin.get<Page<ReconBreakDto>>(`/api/v1/recon-runs/${runId}/breaks?limit=100`)).body.items;

  beforeAll(async () => {
    csvDir = mkdtempSync(join(tmpdir(), 'cw-recon-csv-'));
    other = await otherApi();
    erp = await erpApi(() => other.url);
    t = await startTestApp({
      CLOSEWATCH_CSV_DIR: csvDir,
      CLOSEWATCH_HTTP_HEADERS_ERPAPI: JSON.stringify({ Authorization: TOKEN }),
      // The test APIs listen on loopback, which http datasets may not reach unless allowed.
      CLOSEWATCH_HTTP_DATASET_ALLOW: '127.0.0.1',
      CLOSEWATCH_HTTP_DATASET_MAX_BYTES: '16384',
      CLOSEWATCH_RECON_RETRIES: '0',
      CLOSEWATCH_RECON_MAX_EXCEPTIONS: '2',
    });
    worker = t.app.get(ReconWorkerService);
    const adminToken = await t.tokenFor('admin');
    admin = api(t, adminToken);
    ingestKey = await t.ingestKey(['events']);
    await createFlow(t, adminToken, FLOW, 900);
  });

  afterAll(async () => {
    await t?.close();
    await new Promise((r) => erp?.server.close(r));
    await new Promise((r) => other?.server.close(r));
    rmSync(csvDir, { recursive: true, force: true });
  });

  it('reconciles a CSV file (decimal comma, own delimiter, quoting) against a paginated HTTP API that throttles once', async () => {
    writeFileSync(
      join(csvDir, 'invoices-2026-11.csv'),
      '\ufeffinvoice;supplier;amount;currency\n inv-1 ;Acme Corp;1.234,50;EUR\nINV-2;"Globex; Inc";99,99;EUR\nINV-3;Initech;10,00;EUR\n',
    );
    const created = await admin.post('/api/v1/recons', {
      id: 'csv-vs-http',
      name: 'Coupa export vs Oracle API',
      flow: FLOW,
      source: { connector: 'csv', path: 'invoices-:period.csv', delimiter: ';', decimalSeparator: ',' },
      target: {
        connector: 'http',
        url: `${erp.url}/invoices?period=:period`,
        recordsPath: 'data.items',
        pagination: { type: 'cursor', param: 'cursor', path: 'meta.next' },
        headers: 'erpapi',
      },
      key: [{ source: 'invoice', target: 'doc.ref' }],
      compare: [
        { source: 'amount', target: 'total', tolerance: { abs: '0.01' } },
        { source: 'supplier', target: 'supplier', tolerance: { ignoreCase: true, ignoreWhitespace: true } },
        'currency',
      ],
      totals: { amount: { source: 'amount', target: 'total' }, groupBy: ['currency'] },
      mappings: { source: [{ from: 'invoice', trim: true, upper: true }], target: [{ from: 'total_cents', to: 'total', minorUnits: 2 }] },
      scope: { period: '2026-11' },
    });
    expect(created.status).toBe(201);
    const run = await runOnce('csv-vs-http');
    expect(run.error).toBeNull();
    expect(run.summary).toEqual({
      source: { rows: 3, totals: [{ group: { currency: 'EUR' }, rows: 3, amount: '1344.49' }], invalidAmounts: 0 },
      target: { rows: 3, totals: [{ group: { currency: 'EUR' }, rows: 3, amount: '1250.5' }], invalidAmounts: 0 },
      matched: 1,
      breaks: { missing_in_target: 1, unexpected_in_target: 1, amount_mismatch: 1, field_mismatch: 0, duplicate_key: 0 },
    });
    const list = await breaks(run.runId);
    expect(list.map((b) => [b.type, b.key])).toEqual([
      ['missing_in_target', { invoice: 'INV-2' }],
      ['amount_mismatch', { invoice: 'INV-3' }],
      ['unexpected_in_target', { invoice: 'INV-4' }],
    ]);
    expect(list[0]!.source).toMatchObject({ supplier: 'Globex; Inc', amount: '99.99' });
    expect(list[1]!.differences).toEqual([{ field: 'amount', targetField: 'total', source: '10.00', target: '11.00', difference: '1' }]);
    // At most CLOSEWATCH_RECON_MAX_EXCEPTIONS (2 here) breaks of a run become exceptions.
    expect(run.exceptions).toEqual({ raised: 2, resolved: 0, skipped: 1 });
    expect(list.map((b) => b.exceptionId !== null)).toEqual([true, true, false]);
    expect(erp.requests).toEqual(['/invoices?period=2026-11', '/invoices?period=2026-11&cursor=c2', '/invoices?period=2026-11&cursor=c2']);

    // The run with its breaks as exports, for an auditor; each export audited.
    const auditor = await t.tokenFor('auditor');
    const download = (query: string) => fetch(`${t.url}/api/v1/recon-runs/${run.runId}/export?${query}`, { headers: { authorization: `Bearer ${auditor}` } });
    const json = await download('format=json');
    expect(json.status).toBe(200);
    const doc = (await json.json()) as { run: ReconRunDto; breaks: ReconBreakDto[]; count: number };
    expect(doc.run).toEqual(run);
    expect(doc.breaks).toEqual(list);
    expect(doc.count).toBe(3);
    const csv = (await (await download('format=csv&type=amount_mismatch')).text()).trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'runId,breakId,type,recordKey,key,source,target,differences,side,rows,amountAtRisk,currency,classification,classificationDetail,exceptionId',
    );
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(`${run.runId},${list[1]!.id},amount_mismatch,`);
    expect((await download('format=xml')).status).toBe(400);
    const audited = await admin.get<Page<AuditEntryDto>>('/api/v1/audit?action=export.recon_run&limit=5');
    expect(audited.body.items.map((e) => [e.objectId, e.after])).toEqual([
      [run.runId, { format: 'csv', filters: { type: ['amount_mismatch'] } }],
      [run.runId, { format: 'json', filters: {} }],
    ]);
  });

  it('reads an uploaded file and follows next links', async () => {
    const upload = await admin.post<ReconFileDto>('/api/v1/recon-files', 'id,value\nA,1\nB,2.5\nC,3\n', { 'content-type': 'text/csv' });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ file: expect.stringMatching(/^[0-9a-f-]{36}$/), bytes: 23 });
    const viewer = api(t, await t.tokenFor('viewer'));
    expect((await viewer.post('/api/v1/recon-files', 'a\n1\n', { 'content-type': 'text/csv' })).status).toBe(403);
    expect((await admin.post('/api/v1/recon-files', { not: 'csv' })).status).toBe(415);

    expect(
      (
        await admin.post('/api/v1/recons', {
          id: 'upload-vs-links',
          name: 'Upload vs linked pages',
          flow: FLOW,
          source: { connector: 'csv', file: upload.body.file },
          target: {
            connector: 'http',
            url: `${erp.url}/linked/1`,
            recordsPath: 'records',
            pagination: { type: 'next-link', path: 'links.next' },
            headers: 'erpapi',
          },
          key: ['id'],
          compare: [{ field: 'value', type: 'number' }],
        })
      ).status,
    ).toBe(201);
    const run = await runOnce('upload-vs-links');
    expect(run.summary).toMatchObject({ matched: 2, breaks: { missing_in_target: 1 } });
  });

  it('names what is wrong with connector options', async () => {
    const res = await admin.post<{ error: { details: { field: string; message: string }[] } }>('/api/v1/recons', {
      id: 'bad-connectors',
      name: 'Bad',
      flow: FLOW,
      source: { connector: 'csv', path: '../../etc/passwd' },
      target: { connector: 'http', url: 'ftp://example.com', headers: 'unknown' },
      key: ['id'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => d.field)).toEqual(['target.url']);
    const res2 = await admin.post<{ error: { details: { field: string; message: string }[] } }>('/api/v1/recons', {
      id: 'bad-connectors',
      name: 'Bad',
      flow: FLOW,
      source: { connector: 'csv', path: '../../etc/passwd' },
      target: { connector: 'http', url: 'https://example.com/x', headers: 'unknown' },
      key: ['id'],
    });
    expect(res2.body.error.details.map((d) => d.field)).toEqual(['source.path', 'target.headers']);
    const missing = await admin.post('/api/v1/recons', {
      id: 'missing-file',
      name: 'x',
      flow: FLOW,
      source: { connector: 'csv', path: 'nope.csv' },
      target: { connector: 'csv', path: 'nope.csv' },
      key: ['id'],
    });
    expect(missing.status).toBe(201);
    const run = await runOnce('missing-file');
    expect(run).toMatchObject({ status: 'failed', error: { code: 'file_failed', message: expect.stringContaining('nope.csv'), retryable: false } });
  });

  describe('http dataset guards', () => {
    const linked = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
      id,
      name: id,
      flow: FLOW,
      source: { connector: 'csv', path: 'guards.csv' },
      target: { connector: 'http', url, recordsPath: 'records', pagination: { type: 'next-link', path: 'links.next' }, headers: 'erpapi', ...extra },
      key: ['id'],
      compare: [{ field: 'value', type: 'number' }],
    });
    beforeAll(() => writeFileSync(join(csvDir, 'guards.csv'), 'id,value\nA,1\nB,2.5\n'));

    it('refuses at save a URL whose host is a denied address, in any spelling', async () => {
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://[::ffff:a9fe:a9fe]/latest',
        'http://2852039166/latest',
        'http://10.0.0.5/x',
        'http://127.0.0.2:8080/x',
      ]) {
        const res = await admin.post<{ error: { code: string; details: { field: string; message: string }[] } }>(
          '/api/v1/recons',
          linked('denied-at-save', url),
        );
        expect(res.status).toBe(400);
        expect(res.body.error.details).toEqual([
          { field: 'target.url', message: expect.stringMatching(/address; http datasets may reach it only when CLOSEWATCH_HTTP_DATASET_ALLOW/) },
        ]);
      }
    });

    it('fails a run redirected to a denied address, and one whose page is over the size cap, with the reason', async () => {
      expect(
        (
          await admin.post('/api/v1/recons', {
            ...linked('redirect-denied', `${erp.url}/to-other-loopback`),
            target: { connector: 'http', url: `${erp.url}/to-other-loopback`, headers: 'erpapi' },
          })
        ).status,
      ).toBe(201);
      const refused = await runOnce('redirect-denied');
      expect(refused).toMatchObject({
        status: 'failed',
        error: { code: 'http_refused', message: expect.stringMatching(/127\.0\.0\.2 is a loopback address/), retryable: false },
      });

      expect(
        (
          await admin.post('/api/v1/recons', {
            ...linked('too-large', `${erp.url}/big`),
            target: { connector: 'http', url: `${erp.url}/big`, headers: 'erpapi' },
          })
        ).status,
      ).toBe(201);
      const large = await runOnce('too-large');
      expect(large).toMatchObject({
        status: 'failed',
        error: { code: 'http_too_large', message: expect.stringMatching(/larger than 16384 bytes \(CLOSEWATCH_HTTP_DATASET_MAX_BYTES\)/), retryable: false },
      });
    });

    it('follows a next link to another origin without the configured Authorization header', async () => {
      expect((await admin.post('/api/v1/recons', linked('next-elsewhere', `${erp.url}/elsewhere/1`))).status).toBe(201);
      const run = await runOnce('next-elsewhere');
      expect(run.summary).toMatchObject({ matched: 2 });
      expect(erp.requests).toContain('/elsewhere/1');
      expect(other.authorizations).toEqual([undefined]);
    });

    it('masks URL secrets in every answer, and keeps the stored secret when the masked URL is sent back', async () => {
      const body = {
        ...linked('keyed', `${erp.url}/keyed?api_key=k-123`),
        target: { connector: 'http', url: `${erp.url}/keyed?api_key=k-123`, headers: 'erpapi' },
      };
      const created = await admin.post<ReconDto>('/api/v1/recons', body);
      expect(created.status).toBe(201);
      expect(created.text).not.toContain('k-123');
      const viewer = api(t, await t.tokenFor('viewer'));
      const seen = await viewer.get<ReconDto>('/api/v1/recons/keyed');
      expect(seen.body.target).toEqual({ connector: 'http', url: `${erp.url}/keyed?api_key=********`, headers: 'erpapi' });
      const listed = await viewer.get<Page<ReconDto>>('/api/v1/recons?limit=100');
      expect(listed.text).not.toContain('k-123');
      expect(listed.text).not.toContain(TOKEN);

      const { id, name, flow, source, target, key, compare } = seen.body;
      const put = await admin.put<ReconDto>('/api/v1/recons/keyed', { id, name: `${name} (renamed)`, flow, source, target, key, compare });
      expect(put.status).toBe(200);
      expect(put.body.target).toEqual(seen.body.target);
      const run = await runOnce('keyed');
      expect(run).toMatchObject({ status: 'succeeded', summary: { matched: 1 } });

      const moved = await admin.put<{ error: { details: { field: string }[] } }>('/api/v1/recons/keyed', {
        id,
        name,
        flow,
        source,
        key,
        compare,
        target: { ...target, url: 'https://evil.example.net/keyed?api_key=********' },
      });
      expect(moved.status).toBe(400);
      expect(moved.body.error.details.map((d) => d.field)).toEqual(['target.url']);
    });
  });

  it('reconciles what Closewatch saw: emitted in Coupa against posted in Oracle, classified from the same lineage', async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const ev = (id: string, recordKey: string, stage: string, system: string, minutesAgo: number, amount: string) => ({
      id,
      flow: FLOW,
      recordKey,
      stage,
      system,
      occurredAt: at(minutesAgo),
      amount,
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
    });
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          ev('t1e', 'T-1', 'emitted', 'coupa', 60, '100.00'),
          ev('t1p', 'T-1', 'posted', 'oracle-fusion', 58, '100.00'),
          ev('t2e', 'T-2', 'emitted', 'coupa', 60, '200.00'),
          ev('t2p', 'T-2', 'posted', 'oracle-fusion', 58, '210.00'),
          ev('t3e', 'T-3', 'emitted', 'coupa', 60, '300.00'),
          ev('t3p', 'T-3', 'posted', 'oracle-fusion', 58, '300.00'),
          ev('t3f', 'T-3', 'failed', 'ap-automation', 59, '300.00'),
          ev('t3q', 'T-3', 'posted', 'oracle-fusion', 57, '300.00'),
          ev('t4e', 'T-4', 'emitted', 'coupa', 2, '400.00'),
          ev('t5p', 'T-5', 'posted', 'oracle-fusion', 30, '500.00'),
          ev('t9e', 'T-9', 'emitted', 'coupa', 60, '900.00'),
        ].map((e) => (e.recordKey === 'T-9' ? { ...e, period: '2026-10' } : e)),
      }),
    });
    expect(res.status).toBe(200);
    expect(
      (
        await admin.post('/api/v1/recons', {
          id: 'telemetry-invoices',
          name: 'Emitted in Coupa vs posted in Oracle',
          flow: FLOW,
          source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
          target: { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' },
          key: ['record_key'],
          compare: [{ field: 'amount', type: 'amount' }, 'currency'],
          totals: { amount: 'amount', groupBy: ['currency'] },
          scope: { period: '2026-11' },
        })
      ).status,
    ).toBe(201);
    const run = await runOnce('telemetry-invoices');
    expect(run.summary).toMatchObject({
      source: { rows: 4 },
      target: { rows: 5 },
      matched: 1,
      breaks: { missing_in_target: 1, unexpected_in_target: 1, amount_mismatch: 1, field_mismatch: 0, duplicate_key: 1 },
    });
    const list = await breaks(run.runId);
    expect(list.map((b) => [b.type, b.key.record_key, b.classification?.kind])).toEqual([
      ['amount_mismatch', 'T-2', 'unexplained'],
      ['duplicate_key', 'T-3', 'failed_at_hop'],
      ['missing_in_target', 'T-4', 'in_flight'],
      ['unexpected_in_target', 'T-5', 'never_emitted'],
    ]);
    expect(run.exceptions).toEqual({ raised: 2, resolved: 0, skipped: 1 });
  });
});
