import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A finance span is stored once, as its hop: the hop row carries the span's trace context
 * (parent, name, kind, scope, service, exact start and end, status, attributes), and `spans`
 * keeps the other spans only. Resource attributes are stored once per distinct resource in
 * `span_resources` (id = md5 of the attributes' jsonb text) instead of once per span. The view
 * `trace_spans` shows every span of a trace the way `spans` used to (finance_hop tells which
 * came from a hop), so the trace view and ad-hoc queries read one relation. This halves the rows
 * and indexes written per finance span on the ingest hot path (docs/benchmarks.md, Ingest).
 * A finance span attribute whose value is exactly what a hop column holds is not stored again in
 * `hops.attributes`; `hops.finance_attributes` has its bit (apps/api/src/ingest/
 * stored-finance-attributes.ts, same order) and `trace_spans` puts it back from the column.
 */
const STORED_FINANCE_ATTRIBUTES_SQL = `jsonb_strip_nulls(jsonb_build_object(${[
  ['finance.flow', 'h.flow_id'],
  ['finance.record.key', 'h.record_key'],
  ['finance.record.type', 'h.record_type'],
  ['finance.stage', 'h.stage'],
  ['finance.system', 'h.system'],
  ['finance.amount', 'h.amount::text'],
  ['finance.currency', 'h.currency'],
  ['finance.entity', 'h.entity'],
  ['finance.period', 'h.period'],
  ['finance.data.status', 'h.data_status'],
  ['finance.mapping.version', 'h.mapping_version'],
  ['finance.batch.id', 'h.batch_id'],
  ['finance.error.class', 'h.error_class'],
]
  .map(([key, column], bit) => `'${key}', case when h.finance_attributes & ${1 << bit} <> 0 then ${column} end`)
  .join(', ')}))`;

export class FinanceSpansAsHops1763800008000 implements MigrationInterface {
  name = 'FinanceSpansAsHops1763800008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table span_resources (
        id text primary key,
        attributes jsonb not null,
        first_seen_at timestamptz not null default now()
      )`);
    await q.query(`
      alter table hops
        add column parent_span_id text,
        add column span_name text,
        add column span_kind smallint,
        add column scope_name text,
        add column service_name text,
        add column start_time timestamptz,
        add column end_time timestamptz,
        add column status_code smallint,
        add column status_message text,
        add column resource_id text,
        add column finance_attributes smallint not null default 0`);
    await q.query(`alter table spans add column resource_id text`);
    // Existing data: resources out of the span rows, finance spans folded into their hops.
    await q.query(`
      insert into span_resources (id, attributes)
      select distinct md5(resource_attributes::text), resource_attributes from spans
      on conflict do nothing`);
    await q.query(`update spans set resource_id = md5(resource_attributes::text)`);
    await q.query(`
      update hops h set parent_span_id = s.parent_span_id, span_name = s.name, span_kind = s.kind,
                        scope_name = s.scope_name, service_name = s.service_name, start_time = s.start_time,
                        end_time = s.end_time, status_code = s.status_code, status_message = s.status_message,
                        attributes = s.attributes, resource_id = s.resource_id
        from spans s
       where h.source = 'otlp' and h.trace_id = s.trace_id and h.span_id = s.span_id and s.finance_hop`);
    await q.query(`
      delete from spans s
       where s.finance_hop
         and exists (select 1 from hops h where h.source = 'otlp' and h.source_id = s.trace_id || ':' || s.span_id)`);
    await q.query(`alter table spans drop column resource_attributes, drop column finance_hop`);
    await q.query(`
      create view trace_spans as
      select s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service_name, s.scope_name,
             s.start_time, s.end_time, s.status_code, s.status_message, s.attributes,
             coalesce(r.attributes, '{}'::jsonb) as resource_attributes, false as finance_hop, s.received_at
        from spans s left join span_resources r on r.id = s.resource_id
      union all
      select h.trace_id, h.span_id, h.parent_span_id, h.span_name, h.span_kind, h.service_name, h.scope_name,
             h.start_time, h.end_time, h.status_code, h.status_message,
             coalesce(h.attributes, '{}'::jsonb) || ${STORED_FINANCE_ATTRIBUTES_SQL},
             coalesce(r.attributes, '{}'::jsonb), true, h.received_at
        from hops h left join span_resources r on r.id = h.resource_id
       where h.source = 'otlp'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop view trace_spans`);
    await q.query(`
      alter table spans
        add column resource_attributes jsonb not null default '{}',
        add column finance_hop boolean not null default false`);
    await q.query(`update spans s set resource_attributes = r.attributes from span_resources r where r.id = s.resource_id`);
    await q.query(`
      insert into spans (trace_id, span_id, parent_span_id, name, kind, service_name, scope_name, start_time, end_time,
                         status_code, status_message, attributes, resource_attributes, finance_hop, received_at)
      select h.trace_id, h.span_id, h.parent_span_id, h.span_name, h.span_kind, h.service_name, h.scope_name, h.start_time,
             h.end_time, h.status_code, h.status_message, coalesce(h.attributes, '{}') || ${STORED_FINANCE_ATTRIBUTES_SQL},
             coalesce(r.attributes, '{}'), true, h.received_at
        from hops h left join span_resources r on r.id = h.resource_id
       where h.source = 'otlp' and h.span_name is not null
      on conflict do nothing`);
    await q.query(`update hops set attributes = null where source = 'otlp'`);
    // (finance_attributes goes with the other columns below)
    await q.query(`alter table spans drop column resource_id`);
    await q.query(`
      alter table hops
        drop column parent_span_id, drop column span_name, drop column span_kind, drop column scope_name,
        drop column service_name, drop column start_time, drop column end_time, drop column status_code,
        drop column status_message, drop column resource_id, drop column finance_attributes`);
    await q.query(`drop table span_resources`);
  }
}
