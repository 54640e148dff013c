import { randomBytes } from 'node:crypto';
import { sampleRss } from '../../apps/api/test/process-memory';
import { startApiServer, type ApiServer } from '../support/api-server';
import { sql } from './support/stored';

/**
 * Ingest outrunning the database: 32 senders post 1,000-span OTLP/JSON batches back to back, for a
 * fixed stretch of time, at a server with a 2-connection pool that admits 4 ingest requests at
 * a time. The server refuses the excess with 429 (or 503) and Retry-After instead of queueing
 * it, stores every batch it acknowledged, and its resident memory (sampled from /proc) stays
 * under MEMORY_CAP_BYTES: a memory bound, not a timing assertion (docs/scaling.md, "Faults").
 */
/** An OTLP/JSON request of SPANS plain spans of one trace. */
function otlpBatch(traceId: string, name: string): string {
  const start = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: SPANS }, (_, s) => ({
    traceId,
    spanId: randomBytes(8).toString('hex'),
    name: `${name}-${s}`,
    kind: 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 5_000_000n),
  }));
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'overload' } }] }, scopeSpans: [{ spans }] }],
  });
}

const SPANS = 1000;

describe('faults: ingest outrunning the database', () => {
  /** Generous: an idle server is about 150 MB; unbounded queueing of 32 x 1,000-span bodies grows well past this. */
  const MEMORY_CAP_BYTES = 400 * 1024 * 1024;
  const SENDERS = 32;
  const LOAD_MS = 15_000;
  let t: ApiServer;
  let key: string;

  beforeAll(async () => {
    t = await startApiServer({ CLOSEWATCH_DB_POOL_SIZE: '2', CLOSEWATCH_INGEST_MAX_CONCURRENT: '4', CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS: '1' });
    key = await t.ingestKey(['traces']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the excess with Retry-After, keeps what it acknowledged, and stays under the memory cap', async () => {
    const answers = new Map<string, number>();
    const acknowledged: string[] = []; // trace ids, one trace a batch
    const sampler = sampleRss(t.process().child.pid!);
    const until = Date.now() + LOAD_MS;
    const sender = async (n: number) => {
      for (let i = 0; Date.now() < until; i++) {
        const traceId = randomBytes(16).toString('hex');
        // A refused request's body is never read: the server answers and closes the connection,
        // and a client still sending may see the close before the answer. That is a refusal too
        // (nothing acknowledged; an OTLP exporter retries it).
        const res = await fetch(`${t.url}/v1/traces`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: otlpBatch(traceId, `load ${n}-${i}`),
        }).catch((err: unknown) => {
          if (/other side closed|ECONNRESET|EPIPE/.test(String((err as { cause?: unknown }).cause ?? err))) return null;
          throw err;
        });
        if (!res) {
          answers.set('closed while sending', (answers.get('closed while sending') ?? 0) + 1);
          continue;
        }
        await res.arrayBuffer();
        const answer = res.status === 200 ? '200' : `${res.status} retry-after=${res.headers.get('retry-after')}`;
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        if (res.status === 200) acknowledged.push(traceId);
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, n) => sender(n)));
    const peak = sampler.stop();
    process.stdout.write(`answers: ${JSON.stringify(Object.fromEntries(answers))}; peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB\n`);

    expect(answers.get('429 retry-after=1')).toBeGreaterThan(0);
    expect([...answers.keys()].filter((a) => !['200', '429 retry-after=1', '503 retry-after=1', 'closed while sending'].includes(a))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await sql<{ traces: number; spans: number }>(
      t.databaseUrl,
      `select count(distinct trace_id)::int as traces, count(*)::int as spans from spans where trace_id = any($1)`,
      [acknowledged],
    );
    expect(stored).toEqual([{ traces: acknowledged.length, spans: acknowledged.length * SPANS }]);
    expect(peak).toBeLessThan(MEMORY_CAP_BYTES);
  });
});
