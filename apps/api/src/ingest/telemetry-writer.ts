import { type HopRow } from './hop-row';
import { type Attributes } from './otlp-span';
import { type SpanHopRow, type SpanRow } from './span-row';

/** Something that runs one SQL statement (TypeORM DataSource or EntityManager). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface TelemetryWriteResult {
  /** How many spans were new, finance spans (as hops) included; the rest were already stored. */
  /** How many spans without finance attributes were new (the rest were already stored). */
  newSpans: number;
  /** How many hops (finance spans or events) were new; the rest were duplicates. */
  newHopCount: number;
  /** The hops that were new, in input order, when asked for (`listNewHops`); else empty. */
  newHops: HopRow[];
}

/**
 * The ingest hot path in ONE statement: the batch's resources, the spans without finance
 * attributes, the hops (a finance span is stored once, as its hop, with its trace context) and
 * the per-flow counters (hops, errors, duplicates), written by data-modifying CTEs. A single
 * statement is its own transaction, so a batch is committed whole or not at all, with one
 * round trip instead of BEGIN + several statements + COMMIT (each a wait for a busy server).
 * The rows travel as JSON documents that PostgreSQL turns into records (json_to_recordset reads
 * the text in one pass instead of building jsonb first): no per-value escaping, attribute objects
 * parsed once; a resource's attributes are sent once per
 * batch and stored once per distinct resource (`span_resources`, keyed by the md5 of their jsonb
 * text); amounts are read from decimal strings as numeric (exact), span times from integer
 * microseconds. Rows already stored (spans by trace+span id, hops by source+sourceId within
 * their flow: `hops_source_key`) are skipped and counted as duplicates; counter rows are upserted
 * in flow order. A business event is new only when its key (flow, id) is new in `event_keys`,
 * whatever its time (the partitioned `hops` can only hold keys that include the time; migration
 * 1765000028000-IdempotencyKeys). Every hop of the batch records the ingest key that sent it (`ingestKeyId`, one
 * parameter for the whole batch).
 */
export async function writeTelemetry(
  db: SqlRunner,
  spans: SpanRow[],
  resources: Attributes[],
  hops: (HopRow | SpanHopRow)[],
  options: { listNewHops: boolean; ingestKeyId?: string | null } = { listNewHops: true },
): Promise<TelemetryWriteResult> {
  if (spans.length === 0 && hops.length === 0) return { newSpans: 0, newHopCount: 0, newHops: [] };
  const params = [JSON.stringify(spans), JSON.stringify(resources), JSON.stringify(hops), options.listNewHops, options.ingestKeyId ?? null];
  const rows = (await db.query(WRITE_TELEMETRY_SQL, params)) as { newSpans: number; newHopCount: number; newHopKeys: [string, string][] | null }[];
  const result = rows[0] ?? { newSpans: 0, newHopCount: 0, newHopKeys: null };
  if (!result.newHopKeys) return { newSpans: result.newSpans, newHopCount: result.newHopCount, newHops: [] };
  const fresh = new Set(result.newHopKeys.map(([flowId, sourceId]) => hopKey(flowId, sourceId)));
  // Within one batch the same key may appear twice: only its first occurrence was new.
  const newHops = hops.filter((h) => fresh.delete(hopKey(h.flowId, h.sourceId)));
  return { newSpans: result.newSpans, newHopCount: result.newHopCount, newHops };
}

/** A hop's idempotency key within its source: the id is unique per flow. */
function hopKey(flowId: string, sourceId: string): string {
  return `${flowId}\u0000${sourceId}`;
}

/** The trace context columns of a span, as in `spans` and (for finance spans) `hops`. */
const SPAN_CONTEXT_RECORD = `"parentSpanId" text, "name" text, "kind" smallint, "serviceName" text, "scopeName" text,
         "startMicros" bigint, "endMicros" bigint, "statusCode" smallint, "statusMessage" text, "resourceIndex" int`;
const MICROS = (column: string) => `timestamptz 'epoch' + ${column} * interval '1 microsecond'`;

const WRITE_TELEMETRY_SQL = `
with resources as materialized (
  select md5(r.value::text) as id, r.value, (r.ordinality - 1)::int as idx
    from jsonb_array_elements($2::jsonb) with ordinality as r
), new_resources as (
  insert into span_resources (id, attributes)
  select distinct on (id) id, value from resources order by id
  on conflict (id) do nothing
  returning 1
), new_spans as (
  insert into spans (trace_id, span_id, parent_span_id, name, kind, service_name, scope_name, start_time, end_time,
                     status_code, status_message, attributes, resource_id)
  select "traceId", "spanId", "parentSpanId", "name", "kind", "serviceName", "scopeName",
         ${MICROS('"startMicros"')}, ${MICROS('"endMicros"')}, "statusCode", "statusMessage", "attributes", resources.id
    from json_to_recordset($1::json) as r("traceId" text, "spanId" text, "attributes" jsonb, ${SPAN_CONTEXT_RECORD})
    left join resources on resources.idx = r."resourceIndex"
  on conflict on constraint spans_pkey do nothing
  returning 1
), hop_rows as materialized (
  select * from rows from (json_to_recordset($3::json) as ("source" text, "sourceId" text, "flowId" text, "recordKey" text, "recordType" text,
         "system" text, "stage" text, "status" text, "occurredAt" timestamptz, "amount" numeric, "currency" text, "entity" text,
         "period" text, "dataStatus" text, "mappingVersion" text, "batchId" text, "traceId" text, "spanId" text,
         "errorClass" text, "errorCode" text, "errorMessage" text, "attributes" jsonb, "financeAttributes" smallint,
         ${SPAN_CONTEXT_RECORD})) with ordinality as r
), first_events as (
  -- An event id named twice in the batch: its first occurrence.
  select distinct on ("flowId", "sourceId") "flowId", "sourceId", "occurredAt", ordinality
    from hop_rows where "source" = 'event'
   order by "flowId", "sourceId", ordinality
), new_event_keys as (
  -- The events' idempotency keys, whatever their time (event_keys); in the batch's order (source id, then flow), as every batch takes them.
  insert into event_keys (flow_id, event_id, occurred_at)
  select "flowId", "sourceId", "occurredAt" from first_events order by "sourceId", "flowId"
  on conflict on constraint event_keys_pkey do nothing
  returning flow_id, event_id
), new_hops as (
  insert into hops (source, source_id, flow_id, record_key, record_type, system, stage, status, occurred_at,
                    amount, currency, entity, period, data_status, mapping_version, batch_id, trace_id, span_id,
                    error_class, error_code, error_message, attributes, parent_span_id, span_name, span_kind,
                    service_name, scope_name, start_time, end_time, status_code, status_message, resource_id, finance_attributes,
                    ingest_key_id)
  select "source", "sourceId", "flowId", "recordKey", "recordType", "system", "stage", "status", "occurredAt",
         "amount", "currency", "entity", "period", "dataStatus", "mappingVersion", "batchId", "traceId", "spanId",
         "errorClass", "errorCode", "errorMessage", "attributes", "parentSpanId", "name", "kind",
         "serviceName", "scopeName", ${MICROS('"startMicros"')}, ${MICROS('"endMicros"')}, "statusCode", "statusMessage", resources.id,
         coalesce("financeAttributes", 0), $5::uuid
    from hop_rows left join resources on resources.idx = hop_rows."resourceIndex"
   where hop_rows."source" <> 'event'
      or hop_rows.ordinality in (select f.ordinality from first_events f join new_event_keys k on k.flow_id = f."flowId" and k.event_id = f."sourceId")
  on conflict on constraint hops_source_key do nothing
  returning source_id, flow_id, status
), deltas as (
  select f.flow_id, coalesce(n.hops, 0) as hops, coalesce(n.errors, 0) as errors, f.total - coalesce(n.hops, 0) as duplicates
    from (select "flowId" as flow_id, count(*)::int as total from hop_rows group by 1) f
    left join (select flow_id, count(*)::int as hops, (count(*) filter (where status = 'error'))::int as errors from new_hops group by 1) n
      using (flow_id)
), counted as (
  insert into ingest_counters (flow_id, bucket, hops, errors, duplicates, runs, failed_runs)
  select flow_id, date_trunc('minute', now()), hops, errors, duplicates, 0, 0 from deltas order by flow_id
  on conflict on constraint ingest_counters_pkey do update set
    hops = ingest_counters.hops + excluded.hops,
    errors = ingest_counters.errors + excluded.errors,
    duplicates = ingest_counters.duplicates + excluded.duplicates
  returning 1
)
select (select count(*) from new_spans)::int as "newSpans",
       (select count(*) from new_hops)::int as "newHopCount",
       (select case when $4::boolean then coalesce(json_agg(json_build_array(flow_id, source_id)), '[]'::json) end from new_hops) as "newHopKeys",
       (select count(*) from counted)::int as "counterRows",
       (select count(*) from new_resources)::int as "newResources"`;
