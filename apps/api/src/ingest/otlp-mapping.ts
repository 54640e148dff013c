import { allowsFlow, type FlowScope, outOfScopeReason } from './flow-scope';
import { statusOfStage } from './hop-row';
import { readFinanceAttributes } from './finance-attributes';
import { SPAN_STATUS_ERROR } from './otlp-proto';
import { type Attributes, type OtlpResourceSpans, type OtlpSpan } from './otlp-span';
import { isUsableMicros } from './otlp-time';
import { type SpanContext, type SpanHopRow, type SpanRow } from './span-row';
import { splitStoredFinanceAttributes } from './stored-finance-attributes';

export interface SpanRejection {
  /** Where the span is in the request, e.g. `resourceSpans[0].scopeSpans[1].spans[7]`. */
  path: string;
  reason: string;
}

export interface MappedSpans {
  /** Spans without finance attributes (trace context). */
  spans: SpanRow[];
  /** Resource attributes, once per resource; `resourceIndex` of spans and hops points here. */
  resources: Attributes[];
  /** One hop per finance span, carrying the span; `hops[i].sourceId` is `traceId:spanId`. */
  hops: SpanHopRow[];
  rejected: SpanRejection[];
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
/** OpenTelemetry semantic convention for the class of an error; used as the hop's error code. */
const ERROR_TYPE = 'error.type';
const MAX_SPAN_KIND = 5;

/**
 * Maps decoded OTLP spans to rows: each finance span (finance.flow + finance.record.key) to a
 * hop that carries the span's context, every other usable span to a `spans` row. Spans with an
 * invalid trace or span id, no times, an invalid finance.* value, or a finance.flow the ingest
 * key may not write (`flows`) are rejected with the reason (OTLP partial success).
 */
export function mapOtlpSpans(batch: OtlpResourceSpans[], flows: FlowScope = null): MappedSpans {
  const out: MappedSpans = { spans: [], resources: [], hops: [], rejected: [] };
  batch.forEach((rs, i) => {
    const resourceIndex = out.resources.push(rs.resource) - 1;
    const serviceName = typeof rs.resource['service.name'] === 'string' ? rs.resource['service.name'] : null;
    rs.scopeSpans.forEach((ss, j) => {
      ss.spans.forEach((span, k) => {
        const path = `resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`;
        const problem = checkSpan(span);
        if (problem) {
          out.rejected.push({ path, reason: problem });
          return;
        }
        const finance = readFinanceAttributes(span.attributes, rs.resource);
        if (finance.kind === 'invalid') {
          out.rejected.push({ path, reason: `span ${span.spanId}: ${finance.problem}` });
          return;
        }
        const context = spanContext(span, serviceName, ss.scopeName, resourceIndex);
        if (finance.kind !== 'hop') {
          out.spans.push({ traceId: span.traceId, spanId: span.spanId, attributes: span.attributes, ...context });
          return;
        }
        const f = finance.fields;
        if (!allowsFlow(flows, f.flowId)) {
          out.rejected.push({ path, reason: `span ${span.spanId}: ${outOfScopeReason(f.flowId)}` });
          return;
        }
        const failed = span.statusCode === SPAN_STATUS_ERROR;
        const status = statusOfStage(f.stage, failed);
        const errorCode = status === 'error' ? scalarText(span.attributes[ERROR_TYPE]) : null;
        const split = splitStoredFinanceAttributes(span.attributes, f);
        out.hops.push({
          source: 'otlp',
          sourceId: `${span.traceId}:${span.spanId}`,
          flowId: f.flowId,
          recordKey: f.recordKey,
          recordType: f.recordType,
          system: f.system,
          stage: f.stage,
          status,
          occurredAt: new Date(Math.floor(span.endMicros / 1000)),
          amount: f.amount,
          currency: f.currency,
          entity: f.entity,
          period: f.period,
          dataStatus: f.dataStatus,
          mappingVersion: f.mappingVersion,
          batchId: f.batchId,
          traceId: span.traceId,
          spanId: span.spanId,
          errorClass: f.errorClass,
          errorCode,
          errorMessage: status === 'error' && span.statusMessage ? span.statusMessage : null,
          attributes: split.attributes,
          financeAttributes: split.stored,
          ...context,
        });
      });
    });
  });
  return out;
}

/** Why the span cannot be used, if it cannot. */
function checkSpan(span: OtlpSpan): string | undefined {
  if (!TRACE_ID.test(span.traceId) || span.traceId === ZERO_TRACE_ID) {
    return `invalid traceId ${JSON.stringify(span.traceId)}: must be 16 bytes (32 hex characters), not all zero`;
  }
  if (!SPAN_ID.test(span.spanId) || span.spanId === ZERO_SPAN_ID) {
    return `span in trace ${span.traceId} has an invalid spanId ${JSON.stringify(span.spanId)}: must be 8 bytes (16 hex characters), not all zero`;
  }
  if (!isUsableMicros(span.startMicros)) return `span ${span.spanId}: startTimeUnixNano is missing or out of range`;
  if (!isUsableMicros(span.endMicros)) return `span ${span.spanId}: endTimeUnixNano is missing or out of range`;
  return undefined;
}

function spanContext(span: OtlpSpan, serviceName: string | null, scopeName: string, resourceIndex: number): SpanContext {
  return {
    parentSpanId: SPAN_ID.test(span.parentSpanId) && span.parentSpanId !== ZERO_SPAN_ID ? span.parentSpanId : null,
    name: span.name,
    // Values outside the enums (the wire allows any int32) are stored as unspecified/unset.
    kind: span.kind >= 0 && span.kind <= MAX_SPAN_KIND ? span.kind : 0,
    serviceName,
    scopeName: scopeName || null,
    startMicros: span.startMicros,
    endMicros: span.endMicros,
    statusCode: span.statusCode >= 0 && span.statusCode <= SPAN_STATUS_ERROR ? span.statusCode : 0,
    statusMessage: span.statusMessage || null,
    resourceIndex,
  };
}

function scalarText(v: Attributes[string] | undefined): string | null {
  if (v === undefined || v === null || typeof v === 'object') return null;
  const s = String(v).slice(0, 200);
  return s || null;
}

/** The errorMessage of a partial success: how many spans were rejected and why (first few). */
export function rejectionMessage(rejected: SpanRejection[], max = 10): string {
  const shown = rejected.slice(0, max).map((r) => `${r.path}: ${r.reason}`);
  const more = rejected.length > max ? `; and ${rejected.length - max} more` : '';
  return `${rejected.length} span(s) rejected: ${shown.join('; ')}${more}`;
}
