import { type Context, diag, DiagLogLevel, ROOT_CONTEXT, type Span, type SpanContext, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { FINANCE_ATTR, type Stage } from '@closewatch/contracts/finance';
import { type Logger } from '../log';
import { type PlannedHop } from '../model';
import { type Stats } from '../stats';

/** ExportResultCode.SUCCESS of @opentelemetry/core (the SDK's export callback result). */
const EXPORT_SUCCESS = 0;
const SCOPE = 'closewatch-simulator';

/** Counts exported and failed spans and logs failed exports; otherwise the SDK's exporter. */
class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly system: string,
    private readonly log: Logger,
    private readonly stats: Stats,
  ) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans, (result) => {
      if (result.code === EXPORT_SUCCESS) {
        this.stats.spansExported += spans.length;
      } else {
        this.stats.spansFailed += spans.length;
        this.stats.httpErrors++;
        this.log.log('error', 'otlp export failed', { system: this.system, spans: spans.length, error: result.error?.message });
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * At-least-once delivery, on purpose: keeps the ended spans it was asked to keep, and hands
 * one to the batch processor again on redeliver(), so the same span (same trace and span id)
 * is exported twice, as when a collector retries an export whose answer was lost.
 */
class RedeliveringProcessor implements SpanProcessor {
  private readonly wanted = new Set<string>();
  private readonly kept = new Map<string, ReadableSpan>();

  constructor(private readonly inner: BatchSpanProcessor) {}

  keep(spanId: string): void {
    this.wanted.add(spanId);
  }

  redeliver(spanId: string): boolean {
    const span = this.kept.get(spanId);
    if (!span) return false;
    this.kept.delete(spanId);
    this.inner.onEnd(span);
    return true;
  }

  onStart(span: Parameters<SpanProcessor['onStart']>[0], context: Context): void {
    this.inner.onStart(span, context);
  }

  onEnd(span: ReadableSpan): void {
    const id = span.spanContext().spanId;
    if (this.wanted.delete(id)) this.kept.set(id, span);
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

interface SystemTracer {
  provider: BasicTracerProvider;
  tracer: Tracer;
  processor: RedeliveringProcessor;
}

const KIND_OF_STAGE: Record<Stage, SpanKind> = {
  emitted: SpanKind.PRODUCER,
  received: SpanKind.CONSUMER,
  transformed: SpanKind.INTERNAL,
  validated: SpanKind.INTERNAL,
  posted: SpanKind.SERVER,
  published: SpanKind.INTERNAL,
  failed: SpanKind.INTERNAL,
  dead_lettered: SpanKind.PRODUCER,
  replayed: SpanKind.CONSUMER,
};

/**
 * OTLP/HTTP (protobuf) traces through the official SDK: one tracer provider per system, so
 * each span's resource `service.name` is the system where the step happened. The spans of
 * one record form one trace: each step is a child of the step before it.
 */
export class OtlpSender {
  private readonly systems = new Map<string, SystemTracer>();

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly log: Logger,
    private readonly stats: Stats,
    private readonly scheduledDelayMillis = 1000,
  ) {
    // The SDK's own warnings (spans dropped from a full queue, spans the server rejected in a
    // partial success) become log lines too.
    const sdkLog =
      (level: 'warn' | 'error') =>
      (message: string, ...args: unknown[]) =>
        log.log(level === 'warn' && message.startsWith('Received Partial Success') ? 'error' : level, 'opentelemetry sdk', { message, args: args.map(String) });
    diag.setLogger(
      { error: sdkLog('error'), warn: sdkLog('warn'), info: () => undefined, debug: () => undefined, verbose: () => undefined },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
  }

  /**
   * Reports one step as a span ending at `at` (the hop's time). A step that is a delivery into
   * the target gets a plain HTTP client span from the previous system around it. Answers the
   * step span's context, the parent for the record's next step.
   */
  emit(hop: PlannedHop, at: Date, parent: SpanContext | undefined, callerSystem: string | undefined, keepForRedelivery: boolean): SpanContext {
    let ctx = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const end = at.getTime();
    const start = end - hop.durationMs;
    if (hop.call && callerSystem) {
      const client = this.system(callerSystem).tracer.startSpan(
        `${hop.call.method} ${new URL(hop.call.url).pathname}`,
        {
          kind: SpanKind.CLIENT,
          startTime: start - 15,
          attributes: {
            'http.request.method': hop.call.method,
            'url.full': hop.call.url,
            'server.address': new URL(hop.call.url).hostname,
            'http.response.status_code': hop.call.status,
          },
        },
        ctx,
      );
      if (hop.call.status >= 500) client.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${hop.call.status}` });
      client.end(end + 5);
      this.stats.plainSpans++;
      ctx = trace.setSpanContext(ROOT_CONTEXT, client.spanContext());
    }
    const system = this.system(hop.system);
    const span: Span = system.tracer.startSpan(hop.name, { kind: KIND_OF_STAGE[hop.stage], startTime: start, attributes: financeAttributes(hop) }, ctx);
    if (hop.error) {
      span.recordException({ name: hop.error.code, message: hop.error.message }, end);
      span.setStatus({ code: SpanStatusCode.ERROR, message: hop.error.message });
    }
    if (keepForRedelivery) system.processor.keep(span.spanContext().spanId);
    span.end(end);
    return span.spanContext();
  }

  /** Exports the span of an earlier step again, unchanged. */
  redeliver(system: string, spanId: string): boolean {
    return this.system(system).processor.redeliver(spanId);
  }

  /** Exports every span ended so far (retrying until `deadline`, epoch ms), then shuts the providers down. */
  async close(deadline: number): Promise<void> {
    const all = [...this.systems.values()];
    const timeoutMillis = Math.max(1000, deadline - Date.now());
    await Promise.all(
      all.map((s) => s.provider.forceFlush({ timeoutMillis }).catch((err: unknown) => this.log.log('error', 'otlp flush failed', { error: String(err) }))),
    );
    await Promise.all(all.map((s) => s.provider.shutdown().catch((err: unknown) => this.log.log('error', 'otlp shutdown failed', { error: String(err) }))));
    this.systems.clear();
  }

  private system(id: string): SystemTracer {
    let s = this.systems.get(id);
    if (!s) {
      const exporter = new OTLPTraceExporter({ url: `${this.baseUrl}/v1/traces`, headers: { Authorization: `Bearer ${this.key}` }, timeoutMillis: 10_000 });
      const processor = new RedeliveringProcessor(
        new BatchSpanProcessor(new CountingExporter(exporter, id, this.log, this.stats), {
          scheduledDelayMillis: this.scheduledDelayMillis,
          maxExportBatchSize: 512,
          maxQueueSize: 16_384,
          exportTimeoutMillis: 10_000,
        }),
      );
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': id, 'service.namespace': 'closewatch-demo', 'deployment.environment.name': 'demo' }),
        spanProcessors: [processor],
      });
      s = { provider, tracer: provider.getTracer(SCOPE), processor };
      this.systems.set(id, s);
    }
    return s;
  }
}

export function financeAttributes(hop: PlannedHop): Record<string, string | number> {
  const a: Record<string, string | number> = {
    [FINANCE_ATTR.flow]: hop.flow,
    [FINANCE_ATTR.recordKey]: hop.recordKey,
    [FINANCE_ATTR.recordType]: hop.recordType,
    [FINANCE_ATTR.stage]: hop.stage,
    [FINANCE_ATTR.system]: hop.system,
    [FINANCE_ATTR.entity]: hop.entity,
    [FINANCE_ATTR.period]: hop.period,
  };
  if (hop.amount !== null) a[FINANCE_ATTR.amount] = hop.amount;
  if (hop.currency !== null) a[FINANCE_ATTR.currency] = hop.currency;
  if (hop.dataStatus !== null) a[FINANCE_ATTR.dataStatus] = hop.dataStatus;
  if (hop.mappingVersion !== null) a[FINANCE_ATTR.mappingVersion] = hop.mappingVersion;
  if (hop.batchId !== null) a[FINANCE_ATTR.batchId] = hop.batchId;
  if (hop.error !== null) {
    a[FINANCE_ATTR.errorClass] = hop.error.class;
    a['error.type'] = hop.error.code;
  }
  return { ...hop.attributes, ...a };
}
