import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { SOCKET_PATH } from '@closewatch/contracts/socket';
import { otlpTypes } from '../ingest/otlp-proto';
import { concretePath, type DeclaredRoute, declaredRoutes } from '../../test/declared-routes';
import {
  fuzzParameters,
  type JsonTree,
  mutatedBytes,
  mutatedDocument,
  nastyJson,
  nastyString,
  nastyValue,
  toJsonText,
  treeOf,
  withMember,
} from '../../test/fuzz/nasty';
import { financeAttrs, nanos, newSpanId, newTraceId, otlpJson, otlpProtobuf } from '../../test/otlp-requests';
import { startTestApp, type TestApp } from '../../test/test-app';

/**
 * Every input surface fed generated and mutated input (fast-check). Whatever arrives, the server
 * stays up, never answers 5xx, explains every 4xx in the API's error shape (google.rpc.Status on
 * OTLP paths) and writes nothing of a rejected request. `npm test` makes a few runs per surface;
 * `npm run fuzz` many (FUZZ_RUNS), with the seed printed for FUZZ_SEED to replay a failure.
 */
const { numRuns, seed } = fuzzParameters(25);
const params = { numRuns, seed };
/** A long run (npm run fuzz) needs more than the 60 s an integration test gets. */
const fuzzIt = (name: string, fn: () => Promise<void>) => it(name, fn, 60_000 + numRuns * 1_000);

interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

const FLOW = 'coupa-to-oracle-invoices';
const PROBE_ID = '00000000-0000-4000-8000-00000000abcd';
/**
 * Known-bad inputs every run starts with (fast-check `examples`), so the short run in npm test
 * always covers deep nesting and NUL characters on each surface.
 */
const DEPTH = 20_000;
const DEEP_ARRAY = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const DEEP_OBJECT_TREE: JsonTree = { raw: `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}` };
const catalogYaml = readFileSync(join(__dirname, '..', 'flows', 'fixtures', 'small-catalog.yaml'), 'utf8');

describe(`input fuzzing (seed ${seed}, ${numRuns} runs per surface; replay with FUZZ_SEED=${seed})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let ingestKey: string;
  let routes: DeclaredRoute[];
  let serial = 0;
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    process.stdout.write(`input fuzzing: seed ${seed}, ${numRuns} runs per surface (FUZZ_SEED=${seed} FUZZ_RUNS=${numRuns} replays it)\n`);
    t = await startTestApp();
    db = t.app.get(DataSource);
    admin = await t.tokenFor('admin');
    ingestKey = await t.ingestKey();
    routes = await declaredRoutes(t.app, t.url);
    const put = await send('PUT', '/api/v1/catalog', { token: admin, contentType: 'application/yaml', body: catalogYaml });
    expect(put.status).toBe(200);
  });

  afterEach(async () => {
    // The server is still up and nothing reached Object.prototype through a parsed `__proto__`.
    expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  afterAll(() => t?.close());

  async function send(
    method: string,
    path: string,
    o: { token?: string; contentType?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.contentType ? { 'content-type': o.contentType } : {}), ...o.headers },
      body: o.body,
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  }

  const count = async (table: string): Promise<number> => Number(((await db.query(`select count(*)::int as n from ${table}`)) as { n: number }[])[0]!.n);
  const fingerprint = async (...tables: string[]): Promise<string> =>
    (
      (await db.query(
        `select ${tables.map((tb) => `(select coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${tb} x)`).join(" || ':' || ")} as f`,
      )) as {
        f: string;
      }[]
    )[0]!.f;

  /** No 5xx; a 4xx is `{error: {code, message, details?}}` with details naming fields. */
  function expectApiAnswer(a: Answer, what: string): void {
    if (a.status >= 500) throw new Error(`${what}: ${a.status} ${a.body.toString('utf8', 0, 500)}`);
    if (a.status < 400) return;
    const body = JSON.parse(a.body.toString('utf8')) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const e = body.error;
    const ok =
      typeof e?.code === 'string' &&
      typeof e.message === 'string' &&
      (e.details === undefined ||
        (Array.isArray(e.details) &&
          e.details.every((d: { field?: unknown; message?: unknown }) => typeof d.field === 'string' && typeof d.message === 'string')));
    if (!ok) throw new Error(`${what}: ${a.status} without the error shape: ${a.body.toString('utf8', 0, 500)}`);
  }

  /** No 5xx; a 4xx is a google.rpc.Status in the answer's encoding, a 200 an ExportTraceServiceResponse. */
  function expectOtlpAnswer(a: Answer, what: string): void {
    if (a.status >= 500) throw new Error(`${what}: ${a.status} ${a.body.toString('utf8', 0, 300)}`);
    const json = a.contentType.startsWith('application/json');
    if (a.status >= 400) {
      const status = json
        ? (JSON.parse(a.body.toString('utf8')) as { code?: unknown; message?: unknown })
        : (otlpTypes.RpcStatus.toObject(otlpTypes.RpcStatus.decode(a.body)) as { code?: unknown; message?: unknown });
      if (typeof status.code !== 'number' || status.code === 0 || typeof status.message !== 'string')
        throw new Error(`${what}: ${a.status} is not a google.rpc.Status`);
      return;
    }
    if (json) JSON.parse(a.body.toString('utf8'));
    else otlpTypes.ExportTraceServiceResponse.decode(a.body);
  }

  // ---- OTLP /v1/traces ----

  const telemetryCounts = async () => ({ spans: await count('spans'), hops: await count('hops') });

  /** Sends an OTLP body; a refusal leaves spans and hops as they were, an accepted batch adds at most one span per span sent. */
  async function postOtlp(body: Buffer | string, contentType: string, spansSent: number, headers: Record<string, string> = {}): Promise<void> {
    const before = await telemetryCounts();
    const a = await send('POST', '/v1/traces', { token: ingestKey, contentType, body, headers });
    expectOtlpAnswer(a, `POST /v1/traces (${contentType})`);
    const after = await telemetryCounts();
    if (a.status >= 400) expect(after).toEqual(before);
    else expect(after.spans - before.spans).toBeLessThanOrEqual(spansSent);
  }

  const anyValue: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ v: Record<string, unknown> }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      nastyString.map((s) => ({ stringValue: s })),
      fc.oneof(fc.integer(), fc.constantFrom('9223372036854775807', '-9223372036854775808')).map((n) => ({ intValue: n })),
      fc.double().map((d) => ({ doubleValue: d })),
      fc.boolean().map((b) => ({ boolValue: b })),
      fc.uint8Array({ maxLength: 32 }).map((b) => ({ bytesValue: b })),
      fc.array(tie('v'), { maxLength: 3 }).map((values) => ({ arrayValue: { values } })),
      fc.array(fc.record({ key: nastyString, value: tie('v') }), { maxLength: 3 }).map((values) => ({ kvlistValue: { values } })),
    ),
  })).v;
  const financeKeys = [
    'finance.flow',
    'finance.record.key',
    'finance.stage',
    'finance.amount',
    'finance.currency',
    'finance.period',
    'finance.entity',
    'finance.system',
    'finance.error.class',
  ];
  const attributes = fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...financeKeys), nastyString), value: anyValue }), { maxLength: 8 });
  const time = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(nanos('2026-11-20T10:00:00Z'), 0n, 2n ** 63n)).map(String);
  const span = fc.record({
    traceId: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 20 })),
    spanId: fc.oneof(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ maxLength: 10 })),
    parentSpanId: fc.uint8Array({ maxLength: 8 }),
    name: nastyString,
    kind: fc.integer({ min: -1, max: 9 }),
    startTimeUnixNano: time,
    endTimeUnixNano: time,
    attributes,
    status: fc.record({ code: fc.integer({ min: 0, max: 5 }), message: nastyString }),
  });
  const exportRequest = fc.array(
    fc.record({
      resource: fc.record({ attributes }),
      scopeSpans: fc.array(fc.record({ scope: fc.record({ name: nastyString, version: nastyString }), spans: fc.array(span, { maxLength: 4 }) }), {
        maxLength: 2,
      }),
    }),
    { maxLength: 2 },
  );
  const spanCount = (rs: { scopeSpans: { spans: unknown[] }[] }[]) => rs.reduce((n, r) => n + r.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0);

  const validSpans = () => [
    {
      traceId: newTraceId(),
      spanId: newSpanId(),
      attributes: financeAttrs(FLOW, `INV-${++serial}`, 'emitted', { 'finance.amount': '12.50', 'finance.currency': 'USD' }),
    },
  ];

  fuzzIt('OTLP protobuf: generated requests', async () => {
    await fc.assert(
      fc.asyncProperty(exportRequest, async (resourceSpans) => {
        const type = otlpTypes.ExportTraceServiceRequest;
        const body = Buffer.from(type.encode(type.fromObject({ resourceSpans })).finish());
        await postOtlp(body, 'application/x-protobuf', spanCount(resourceSpans));
      }),
      {
        ...params,
        examples: [
          [
            [
              {
                resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a\u0000b' } }] },
                scopeSpans: [{ scope: { name: '\u0000', version: '' }, spans: [] }],
              },
            ],
          ],
        ],
      },
    );
  });

  it('OTLP from the official OpenTelemetry SDK and serializers: spans with nasty names and attributes', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'fuzz' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('closewatch-fuzz');
    const attributeValue = fc.oneof(
      nastyString,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.array(nastyString, { maxLength: 3 }),
      fc.array(fc.double(), { maxLength: 3 }),
    );
    const sdkSpan = fc.record({
      name: nastyString,
      kind: fc.integer({ min: 0, max: 4 }),
      attributes: fc.dictionary(fc.oneof(fc.constantFrom(...financeKeys), nastyString), attributeValue, { maxKeys: 8 }),
      status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: nastyString }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(sdkSpan, { minLength: 1, maxLength: 5 }), fc.boolean(), async (spans, protobuf) => {
        exporter.reset();
        for (const s of spans) {
          const span = tracer.startSpan(s.name, { kind: s.kind, attributes: s.attributes });
          span.setStatus(s.status);
          span.end();
        }
        const finished = exporter.getFinishedSpans();
        const body = protobuf ? ProtobufTraceSerializer.serializeRequest(finished) : JsonTraceSerializer.serializeRequest(finished);
        await postOtlp(Buffer.from(body!), protobuf ? 'application/x-protobuf' : 'application/json', spans.length);
      }),
      params,
    );
    await provider.shutdown();
  });

  const encodings = fc.constantFrom<Record<string, string>>(
    {},
    { 'content-encoding': 'gzip' },
    { 'content-encoding': 'deflate' },
    { 'content-encoding': 'br' },
    { 'content-encoding': 'gzip, gzip' },
  );

  fuzzIt('OTLP protobuf: random bytes and mutated valid bodies', async () => {
    const valid = otlpProtobuf({ 'service.name': 'fuzz' }, validSpans());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
          mutatedBytes(valid),
        ),
        encodings,
        async (body, headers) => {
          await postOtlp(body, 'application/x-protobuf', 50, headers);
        },
      ),
      params,
    );
  });

  fuzzIt('OTLP JSON: nasty documents, mutated valid requests and mangled text', async () => {
    const validText = otlpJson({ 'service.name': 'fuzz' }, validSpans());
    const valid = JSON.parse(validText) as object;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nastyValue.map(toJsonText),
          mutatedDocument(valid).map(toJsonText),
          mutatedBytes(Buffer.from(validText)).map((b) => b.toString('latin1')),
        ),
        async (body) => {
          await postOtlp(body, 'application/json', 50);
        },
      ),
      { ...params, examples: [[DEEP_ARRAY], [validText.replace('"step"', '"st\\u0000ep"')]] },
    );
  });

  // ---- business events and runs ----

  const validEvent = (id: string) => ({
    id,
    flow: FLOW,
    recordKey: `INV-${id}`,
    recordType: 'invoice',
    stage: 'emitted',
    system: 'coupa',
    occurredAt: '2026-11-20T10:00:00Z',
    amount: '12.50',
    currency: 'USD',
    entity: 'US01',
    period: '2026-11',
    dataStatus: 'posted',
    mappingVersion: 'v1',
    batchId: 'b1',
    traceId: newTraceId(),
    error: { class: 'transient', code: 'E1', message: 'boom' },
    attributes: { 'finance.replay.id': 'r1' },
  });

  fuzzIt('events: a batch with nasty events stores exactly the accepted ones; a refused request stores none', async () => {
    const batch = fc.oneof(
      { weight: 1, arbitrary: nastyValue.map((whole) => ({ whole })) },
      {
        weight: 4,
        arbitrary: fc.record({
          good: fc.nat(3),
          bad: fc.array(mutatedDocument(validEvent('template')), { minLength: 1, maxLength: 3 }),
          extraKeys: fc.array(nastyString, { maxLength: 1 }),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(batch, async (b) => {
        // Valid events get fresh ids at send time, so each accepted one is a new row.
        const events = 'whole' in b ? [] : [...Array.from({ length: b.good }, () => treeOf(validEvent(`fuzz-${seed}-${++serial}`))), ...b.bad];
        const text =
          'whole' in b ? toJsonText(b.whole) : toJsonText({ entries: [['events', { items: events }], ...b.extraKeys.map((k): [string, JsonTree] => [k, 1])] });
        const before = await count('hops');
        const a = await send('POST', '/api/v1/events', { token: ingestKey, contentType: 'application/json', body: text });
        expectApiAnswer(a, 'POST /api/v1/events');
        const added = (await count('hops')) - before;
        if (a.status >= 400) return expect(added).toBe(0);
        const r = JSON.parse(a.body.toString('utf8')) as { accepted: number; duplicates: number; rejected: unknown[] };
        expect(added).toBe(r.accepted);
      }),
      {
        ...params,
        examples: [
          [{ whole: DEEP_OBJECT_TREE }],
          [{ good: 1, bad: [withMember(treeOf(validEvent('nul')), ['recordKey'], 'a\u0000b')], extraKeys: [] }],
          [{ good: 1, bad: [withMember(treeOf(validEvent('deep')), ['attributes', 'x'], DEEP_OBJECT_TREE)], extraKeys: [] }],
        ],
      },
    );
  });

  fuzzIt('runs: a refused report stores nothing, an accepted one at most one row', async () => {
    const valid = {
      flow: FLOW,
      runId: 'template',
      status: 'succeeded',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:05:00Z',
      rowsRead: 10,
      rowsWritten: 9,
      rowsRejected: 1,
      period: '2026-11',
      entity: 'US01',
      watermark: 'w',
      error: { code: 'c', message: 'm' },
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: nastyValue }, { weight: 4, arbitrary: mutatedDocument(valid) }), async (tree) => {
        // A fresh runId unless the mutation is of runId itself, so accepted reports are new rows.
        const text = toJsonText(tree).replace('"runId":"template"', `"runId":"fuzz-${seed}-${++serial}"`);
        const before = await count('runs');
        const a = await send('POST', '/api/v1/runs', { token: ingestKey, contentType: 'application/json', body: text });
        expectApiAnswer(a, 'POST /api/v1/runs');
        const added = (await count('runs')) - before;
        expect(added).toBe(a.status === 201 ? 1 : 0);
      }),
      { ...params, examples: [[DEEP_OBJECT_TREE], [withMember(treeOf(valid), ['watermark'], 'w\u0000')]] },
    );
  });

  // ---- catalog, reconciliation definitions, CSV uploads ----

  const NASTY_YAML = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
    'version: 1\nsystems: !!js/function "function () { return 1 }"\n',
    'version: 1\nversion: 2\n',
    `${'- '.repeat(5000)}x\n`,
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    'version: 1\n__proto__: {polluted: true}\nflows: []\n',
    'version: 1\nsystems:\n  - &s {id: a, name: A, kind: erp}\n  - *s\n',
    '\u0000',
    '%YAML 9.9\n---\nversion: 1\n',
    '--- |\n  text\n--- second document\n',
    'version: 1\nsystems: [{id: "\u0000", name: "\uD800", kind: erp}]\n',
  ];

  fuzzIt('catalog: a refused document leaves systems and flows unchanged', async () => {
    const valid = parseYaml(catalogYaml) as object;
    const body = fc.oneof(
      fc.constantFrom(...NASTY_YAML).map((text) => ({ text, type: 'application/yaml' })),
      mutatedDocument(valid).map((tree) => ({ text: toJsonText(tree), type: 'application/json' })),
      // JSON is YAML: the same mutated documents through the YAML parser.
      mutatedDocument(valid).map((tree) => ({ text: toJsonText(tree), type: 'application/yaml' })),
      nastyValue.map((tree) => ({ text: toJsonText(tree), type: 'application/json' })),
      nastyString.map((text) => ({ text, type: 'text/yaml' })),
    );
    const query = fc.constantFrom('', '?mode=merge', '?mode=replace', '?dryRun=true', '?mode=%00', '?mode=replace&mode=merge', '?__proto__[x]=1');
    await fc.assert(
      fc.asyncProperty(body, query, async ({ text, type }, q) => {
        const before = await fingerprint('systems', 'flows');
        const a = await send('PUT', `/api/v1/catalog${q}`, { token: admin, contentType: type, body: text });
        expectApiAnswer(a, `PUT /api/v1/catalog${q} (${type})`);
        if (a.status >= 400) expect(await fingerprint('systems', 'flows')).toBe(before);
      }),
      {
        ...params,
        examples: [
          [{ text: DEEP_ARRAY, type: 'application/json' }, ''],
          [{ text: catalogYaml.replace('name: Coupa', 'name: "Co\\0upa"'), type: 'application/yaml' }, ''],
        ],
      },
    );
    // Put the flows the other surfaces refer to back.
    expect((await send('PUT', '/api/v1/catalog', { token: admin, contentType: 'application/yaml', body: catalogYaml })).status).toBe(200);
  });

  fuzzIt('reconciliation definitions: a refused definition leaves the definitions unchanged', async () => {
    const valid = {
      id: 'template',
      name: 'Fuzzed recon',
      flow: FLOW,
      description: 'generated',
      enabled: false,
      source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
      target: { connector: 'csv', path: 'target-:period.csv', delimiter: ';', decimalSeparator: ',', header: true },
      key: [{ source: 'recordKey', target: 'doc' }, 'entity'],
      compare: [{ source: 'amount', target: 'amt', tolerance: { abs: '0.01' } }, 'currency'],
      totals: { amount: { source: 'amount', target: 'amt' }, groupBy: ['currency'] },
      mappings: { target: [{ from: 'doc', trim: true }] },
      scope: { period: '2026-11' },
      schedule: { cron: '0 2 * * *', timezone: 'UTC' },
      materiality: { amount: '1000.00', currency: 'USD' },
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: nastyValue }, { weight: 5, arbitrary: mutatedDocument(valid) }), async (tree) => {
        const text = toJsonText(tree).replace('"id":"template"', `"id":"fuzz-${++serial}"`);
        const before = await fingerprint('recon_definitions');
        const a = await send('POST', '/api/v1/recons', { token: admin, contentType: 'application/json', body: text });
        expectApiAnswer(a, 'POST /api/v1/recons');
        if (a.status >= 400) expect(await fingerprint('recon_definitions')).toBe(before);
      }),
      { ...params, examples: [[DEEP_OBJECT_TREE], [withMember(treeOf(valid), ['name'], 'a\u0000b')]] },
    );
  });

  const csvText = fc
    .tuple(
      fc.array(fc.array(fc.oneof(nastyString, fc.constantFrom('"', '""', '"a', 'a"b', ';', ',', '\n', '\r', '1,5', '1e999')), { maxLength: 6 }), {
        maxLength: 6,
      }),
      fc.constantFrom(',', ';', '\t', '\u0000'),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
    )
    .map(([rows, delimiter, eol, bom]) => `${bom ? '\uFEFF' : ''}${rows.map((r) => r.join(delimiter)).join(eol)}`);

  fuzzIt('CSV uploads: a refused upload stores no row and leaves no partial file', async () => {
    const uploadDir = t.config.recon.uploadDir;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          csvText.map((s) => Buffer.from(s)),
          fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
        ),
        fc.constantFrom(
          'text/csv',
          'text/plain',
          'application/octet-stream',
          'application/csv',
          'text/csv; charset=latin1',
          'application/json',
          'multipart/form-data; boundary=x',
        ),
        async (body, type) => {
          const before = await count('recon_files');
          const a = await send('POST', '/api/v1/recon-files', { token: admin, contentType: type, body });
          expectApiAnswer(a, `POST /api/v1/recon-files (${type})`);
          expect((await count('recon_files')) - before).toBe(a.status === 201 ? 1 : 0);
          expect(readdirSync(uploadDir).filter((f) => f.endsWith('.part'))).toEqual([]);
        },
      ),
      { ...params, examples: [[Buffer.from('key,amount\nA1,\u0000\n'), 'text/csv']] },
    );
  });

  // ---- query parameters and path parameters of every GET route ----

  /** Percent-encodes every UTF-8 byte (a lone surrogate becomes U+FFFD, as a browser sends it). */
  const encode = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  const RAW_QUERY_TOKENS = ['%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '[]', '[0]', '[__proto__]', '[constructor][prototype]', ''];

  fuzzIt('query and path parameters of every list and detail route', async () => {
    const gets = routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/v1/'));
    const entry = (names: string[]) =>
      fc
        .tuple(
          fc.oneof(fc.constantFrom(...names, 'limit', 'cursor', '__proto__', 'constructor'), nastyString),
          fc.constantFrom(...RAW_QUERY_TOKENS),
          fc.oneof(nastyString, fc.constantFrom('-1', '0', '1e999', '99999999999999999999', 'NaN', 'true', '2026-13')),
        )
        .map(([k, suffix, v]) => `${encode(k)}${suffix.startsWith('[') ? suffix : ''}=${encode(v)}${suffix.startsWith('%') ? suffix : ''}`);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...gets)
          .chain((route) => fc.tuple(fc.constant(route), fc.array(entry(route.queryParams.length ? route.queryParams : ['q']), { maxLength: 6 }), nastyString)),
        async ([route, entries, pathValue]) => {
          const path = concretePath(route.path, '\u0000').replace(/%00/g, () => encode(pathValue) || 'x');
          const a = await send('GET', `${path}?${entries.join('&')}`, { token: admin });
          expectApiAnswer(a, `GET ${path}?${entries.join('&')}`);
        },
      ),
      {
        ...params,
        examples: [
          [[gets.find((r) => r.path === '/api/v1/recons/:id/runs')!, [], '\u0000']],
          [[gets.find((r) => r.path === '/api/v1/exceptions')!, ['recordKey=%00'], 'x']],
        ],
      },
    );
  });

  // ---- JSON bodies of every other mutating route ----

  /** Routes with their own property above, or that would end the session or count failed logins. */
  const OWN_PROPERTY = ['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/catalog', '/api/v1/recons', '/api/v1/recon-files'];

  fuzzIt('JSON bodies and path parameters of every other mutating route', async () => {
    const mutating = routes.filter((r) => r.method !== 'GET' && r.access.kind === 'roles' && !OWN_PROPERTY.includes(r.path));
    expect(mutating.length).toBeGreaterThan(15);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...mutating), nastyValue, fc.oneof(fc.constant(PROBE_ID), nastyString), async (route, tree, id) => {
        const path = concretePath(route.path, '\u0000').replace(/%00/g, () => encode(id) || 'x');
        const a = await send(route.method, path, {
          token: admin,
          contentType: 'application/json',
          body: route.method === 'DELETE' ? undefined : toJsonText(tree),
        });
        expectApiAnswer(a, `${route.method} ${path}`);
      }),
      {
        ...params,
        examples: [
          [mutating.find((r) => r.path === '/api/v1/exceptions/:id/comments')!, DEEP_OBJECT_TREE, PROBE_ID],
          [mutating.find((r) => r.method === 'DELETE' && r.path === '/api/v1/recons/:id')!, null, '\u0000'],
        ],
      },
    );
  });

  // ---- socket.io ----

  const connect = (auth: unknown) =>
    io(t.url, { path: SOCKET_PATH, transports: ['websocket'], auth: auth as Record<string, unknown>, reconnection: false, forceNew: true, timeout: 5_000 });
  type Handshake = { ok: true } | { ok: false; message: string; data?: unknown };
  /** How a handshake ended: connected, refused (connect_error) or the connection closed by the server. */
  const connected = (s: Socket) =>
    new Promise<Handshake>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, message: 'no answer to the handshake within 5 s', data: 'timeout' }), 5_000);
      const done = (h: Handshake) => {
        clearTimeout(timer);
        resolve(h);
      };
      s.once('connect', () => done({ ok: true }));
      s.once('connect_error', (err: Error & { data?: unknown }) => done({ ok: false, message: err.message, data: err.data }));
      s.io.once('close', (reason: string) => done({ ok: false, message: `closed: ${reason}` }));
    });

  /** Whether the socket answers flows.stats.request with flows.stats (false once it is closed). */
  const statsAnswer = (s: Socket) =>
    new Promise<boolean>((resolve) => {
      if (!s.connected) return resolve(false);
      const timer = setTimeout(() => resolve(false), 5_000);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      s.once('flows.stats', () => finish(true));
      s.once('disconnect', () => finish(false));
      s.emit('flows.stats.request');
    });

  /** Names socket.io-client refuses to emit (sent raw below instead). */
  const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

  fuzzIt('socket.io: nasty handshakes are refused with a reason', async () => {
    const auth = fc.oneof(
      nastyJson.map((tree) => JSON.parse(toJsonText(tree)) as unknown),
      nastyString.map((token) => ({ token })),
      nastyJson.map((tree) => ({ token: JSON.parse(toJsonText(tree)) as unknown })),
    );
    await fc.assert(
      fc.asyncProperty(auth, async (a) => {
        const s = connect(a);
        try {
          const r = await connected(s);
          expect(r.ok).toBe(false);
          // socket.io itself closes the connection when auth is not an object; our refusals say why.
          if (!r.ok) {
            expect(r.data).not.toBe('timeout');
            if (r.data !== undefined) expect(r.data).toEqual({ code: 'unauthenticated' });
          }
        } finally {
          s.close();
        }
      }),
      { ...params, examples: [[{ token: 'cws_a\u0000b' }]] },
    );
  });

  fuzzIt('socket.io: nasty messages from a signed-in client leave the stream working', async () => {
    const message = fc.oneof(
      fc
        .tuple(
          fc
            .oneof(nastyString, fc.constantFrom('flows.stats.request', 'hops.created', 'error', '__proto__', 'constructor'))
            .filter((e) => !RESERVED_EVENTS.includes(e)),
          fc.array(nastyJson, { maxLength: 3 }),
        )
        .map(([event, args]) => ({ event, args: args.map((x) => JSON.parse(toJsonText(x)) as unknown) })),
      // Raw engine.io messages that are not valid socket.io packets.
      fc
        .oneof(
          nastyString,
          fc.constantFrom(
            '42',
            '4',
            '2["x"',
            '42["flows.stats.request",' + '['.repeat(3000),
            '45-[{"_placeholder":true,"num":99}]',
            '9',
            '41/nsp,',
            '40/admin,',
            '42["disconnect"]',
            '42["connect",{}]',
            '42["__proto__",{"polluted":1}]',
          ),
        )
        .map((raw) => ({ raw })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 5 }), async (messages) => {
        const s = connect({ token: admin });
        try {
          expect(await connected(s)).toEqual({ ok: true });
          for (const m of messages) {
            if ('raw' in m) (s.io.engine as unknown as { write(data: string): void }).write(m.raw);
            else s.emit(m.event as 'flows.stats.request', ...(m.args as []));
          }
          // The server may close a socket that sent garbage; one it keeps open still answers, and a new one works.
          await new Promise((resolve) => setTimeout(resolve, 30));
          const answered = await statsAnswer(s);
          if (!answered) expect(s.connected).toBe(false);
          const probe = connect({ token: admin });
          try {
            expect(await connected(probe)).toEqual({ ok: true });
            expect(await statsAnswer(probe)).toBe(true);
          } finally {
            probe.close();
          }
        } finally {
          s.close();
        }
      }),
      params,
    );
  });
});
