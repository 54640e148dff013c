import { type EntityManager } from 'typeorm';
import { type SpanRow } from './span-row';

/**
 * Writes spans in one statement (arrays unnested server-side: one round trip for the batch).
 * Spans already stored (same trace and span id) are skipped; answers how many were new. Runs
 * inside the caller's transaction.
 */
export async function insertSpans(tx: EntityManager, rows: SpanRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof SpanRow>(k: K) => rows.map((r) => r[k]);
  const result: { inserted: number }[] = await tx.query(
    `with inserted as (
       insert into spans (trace_id, span_id, parent_span_id, name, kind, service_name, scope_name, start_time, end_time,
                          status_code, status_message, attributes, resource_attributes, finance_hop)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[],
                            $8::timestamptz[], $9::timestamptz[], $10::smallint[], $11::text[], $12::jsonb[], $13::jsonb[], $14::boolean[])
       on conflict on constraint spans_pkey do nothing
       returning 1
     )
     select count(*)::int as inserted from inserted`,
    [
      col('traceId'),
      col('spanId'),
      col('parentSpanId'),
      col('name'),
      col('kind'),
      col('serviceName'),
      col('scopeName'),
      col('startTime'),
      col('endTime'),
      col('statusCode'),
      col('statusMessage'),
      col('attributesJson'),
      col('resourceAttributesJson'),
      col('financeHop'),
    ],
  );
  return result[0]?.inserted ?? 0;
}
