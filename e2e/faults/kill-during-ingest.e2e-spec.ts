import { startApiServer, type ApiServer } from '../support/api-server';
import { until } from '../support/until';
import { eventAndRunLoad, type Load, otlpLoad } from './support/ingest-load';
import { storedCounts } from './support/stored';

/**
 * SIGKILL of the built server (apps/api/dist/main.js) during sustained ingest of all three kinds
 * (OTLP spans from the official SDK exporter, business events, batch run reports): after a
 * restart on the same database, everything the server acknowledged is stored, and nothing is
 * stored twice (counted by idempotency key). Requests cut by the kill were not acknowledged;
 * whether they committed or not, none is doubled.
 */
describe('faults: SIGKILL of the server during sustained ingest', () => {
  const FLOW = 'fault-kill-flow';
  const SPAN_FLOW = 'coupa-to-oracle-invoices'; // the flow of the OTLP client's journeys
  let t: ApiServer;
  let key: string;

  beforeAll(async () => {
    t = await startApiServer({ CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS: '1' });
    key = await t.ingestKey(['traces', 'events', 'runs']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const grown = (load: Load, from: number, what: string) => until(`${what} acknowledged`, () => (load.acknowledged.size > from ? true : undefined), 60_000);

  it('stores every acknowledged span, event and run once after kill -9 and a restart', async () => {
    const spans = otlpLoad(t.url, key, 'INV-KILL');
    const { events, runs } = eventAndRunLoad(t.url, key, FLOW, 'kill');
    try {
      await Promise.all([grown(spans, 100, 'spans'), grown(events, 60, 'events'), grown(runs, 3, 'runs')]);
      await t.kill(); // requests of all three kinds are in flight
      const before = { spans: spans.acknowledged.size, events: events.acknowledged.size, runs: runs.acknowledged.size };
      await t.restart();
      await Promise.all([grown(spans, before.spans, 'spans'), grown(events, before.events, 'events'), grown(runs, before.runs, 'runs')]);
    } finally {
      await Promise.all([spans.stop(), events.stop()]);
    }
    // The load went on while the server was down: some requests were refused, not acknowledged.
    expect(events.attempts() * 20).toBeGreaterThan(events.acknowledged.size);
    expect(await storedCounts(t.databaseUrl, 'spans', spans.acknowledged, SPAN_FLOW)).toMatchObject({ missing: 0, twice: 0 });
    expect(await storedCounts(t.databaseUrl, 'events', events.acknowledged, FLOW)).toMatchObject({ missing: 0, twice: 0 });
    expect(await storedCounts(t.databaseUrl, 'runs', runs.acknowledged, FLOW)).toMatchObject({ missing: 0, twice: 0 });
    process.stdout.write(`acknowledged: ${spans.acknowledged.size} spans, ${events.acknowledged.size} events, ${runs.acknowledged.size} runs\n`);
  });
});
