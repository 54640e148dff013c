import { type EntityManager } from 'typeorm';
import { type HopRow } from '../src/ingest/hop-row';

/**
 * Test data: hops without the per-flow counters (the ingest path, telemetry-writer.ts, writes
 * both in one statement; read-side specs set counters on their own), in one statement. Rows whose (source, sourceId) already exist are skipped; the answer is the rows that were
 * new, so callers count the rest as duplicates. Runs inside the caller's transaction.
 */
export async function insertHops(tx: EntityManager, rows: HopRow[]): Promise<HopRow[]> {
  if (rows.length === 0) return [];
  const col = <K extends keyof HopRow>(k: K) => rows.map((r) => r[k]);
  const inserted: { source: string; source_id: string }[] = await tx.query(
    `insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at,
                       amount, currency, entity, period, data_status, mapping_version, batch_id, trace_id, span_id,
                       error_class, error_code, error_message, attributes)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::timestamptz[], $10::numeric[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                          $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::jsonb[])
     on conflict on constraint hops_source_key do nothing
     returning source, source_id`,
    [
      col('source'),
      col('sourceId'),
      col('flowId'),
      col('recordKey'),
      col('recordType'),
      col('system'),
      col('stage'),
      col('status'),
      rows.map((r) => r.occurredAt.toISOString()),
      col('amount'),
      col('currency'),
      col('entity'),
      col('period'),
      col('dataStatus'),
      col('mappingVersion'),
      col('batchId'),
      col('traceId'),
      col('spanId'),
      col('errorClass'),
      col('errorCode'),
      col('errorMessage'),
      rows.map((r) => (r.attributes ? JSON.stringify(r.attributes) : null)),
    ],
  );
  const fresh = new Set(inserted.map((r) => `${r.source}\u0000${r.source_id}`));
  // Within one batch the same key may appear twice: only its first occurrence was new.
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.source}\u0000${r.sourceId}`;
    if (!fresh.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
