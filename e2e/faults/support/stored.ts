import { Client } from 'pg';

/** Runs one query on a database and closes the connection. */
export async function sql<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * What the database holds of a load, by idempotency key: how many keys of `keys` are missing,
 * and how many keys are stored more than once (spans as `traceId:spanId` in trace_spans, hops
 * of a flow by source id, batch runs as `runId:status`).
 */
export async function storedCounts(
  url: string,
  what: 'spans' | 'events' | 'runs',
  keys: Set<string>,
  flow: string,
): Promise<{ missing: number; twice: number; stored: number }> {
  // Spans of the flow's finance hops and the plain spans of their traces.
  const query = {
    spans: `select trace_id || ':' || span_id as k, count(*)::int as n from trace_spans
             where trace_id in (select trace_id from hops where flow_id = $1 and source = 'otlp') group by 1`,
    events: `select source_id as k, count(*)::int as n from hops where flow_id = $1 and source = 'event' group by 1`,
    runs: `select run_id || ':' || status as k, count(*)::int as n from runs where flow_id = $1 group by 1`,
  }[what];
  const rows = await sql<{ k: string; n: number }>(url, query, [flow]);
  const stored = new Map(rows.map((r) => [r.k, r.n]));
  return {
    missing: [...keys].filter((k) => !stored.has(k)).length,
    twice: rows.filter((r) => r.n > 1).length,
    stored: rows.length,
  };
}
