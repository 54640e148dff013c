#!/usr/bin/env node
// An OTLP client for e2e/ingest-otlp.e2e-spec.ts, run as its own process: the official
// OpenTelemetry SDK (BasicTracerProvider + BatchSpanProcessor) with the official OTLP/HTTP
// exporters, exactly as an integration would use them. Prints one JSON line:
// {traceIds, results: [ExportResultCode...], warnings: [diag warnings]}.
// Scenario `sustained` (the fault specs, e2e/faults) exports batches of `batch` finished spans,
// one export after another, until its stdin closes, printing a line per export
// {export, code, spans: ["traceId:spanId", ...]} before the final one.
//
// Usage: node e2e/ingest-otlp-client.mjs '{"url","key","exporter":"json|protobuf|gzip","scenario","recordKey"}'
import { context, diag, DiagLogLevel, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

const { url, key, exporter: kind, scenario, recordKey, batch = 50, times = 2 } = JSON.parse(process.argv[2]);
const warnings = [];
diag.setLogger(
  { error: (...a) => warnings.push(a.join(' ')), warn: (...a) => warnings.push(a.join(' ')), info: () => {}, debug: () => {}, verbose: () => {} },
  DiagLogLevel.WARN,
);

function newExporter(k) {
  const options = { url: `${url}/v1/traces`, headers: { Authorization: `Bearer ${key}` } };
  if (k === 'json') return new OtlpJsonExporter(options);
  if (k === 'protobuf') return new OtlpProtoExporter(options);
  if (k === 'gzip') return new OtlpProtoExporter({ ...options, compression: 'gzip' });
  throw new Error(`unknown exporter ${k}`);
}

/** Keeps each export's result on its way through. */
function recording(inner, results) {
  return {
    export: (spans, done) =>
      inner.export(spans, (r) => {
        results.push(r.code);
        done(r);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/** One business record through an integration: a root span, a finance span per stage, an HTTP call. */
function journey(tracer, key, stages) {
  const root = tracer.startSpan(`sync ${key}`);
  const ctx = trace.setSpan(context.active(), root);
  stages.forEach((s, i) => {
    const step = tracer.startSpan(
      `${s.stage} ${key}`,
      {
        startTime: new Date(Date.UTC(2026, 10, 20, 10, 0, i)),
        attributes: {
          'finance.flow': 'coupa-to-oracle-invoices',
          'finance.record.key': key,
          'finance.record.type': 'invoice',
          'finance.stage': s.stage,
          ...(s.system ? { 'finance.system': s.system } : {}),
          'finance.amount': '1250.40',
          'finance.currency': 'EUR',
          'finance.entity': 'DE01',
          'finance.period': '2026-11',
          ...(s.error ? { 'finance.error.class': 'target_rejected' } : {}),
        },
      },
      ctx,
    );
    if (s.error) step.setStatus({ code: SpanStatusCode.ERROR, message: s.error });
    step.end(new Date(Date.UTC(2026, 10, 20, 10, 0, i, 500)));
  });
  tracer.startSpan('http POST /invoices', {}, ctx).end();
  root.end();
  return root.spanContext().traceId;
}

/** Spans the SDK finished, captured instead of exported (the caller exports them itself). */
function capturingProvider(serviceName, finished) {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor({ export: (s, done) => (finished.push(...s), done({ code: 0 })), shutdown: async () => {} })],
  });
}

/** Exports batches of new journeys until stdin closes; a failed export is reported, not retried by hand. */
async function sustained(results, traceIds) {
  let open = true;
  process.stdin.on('end', () => (open = false)).on('close', () => (open = false));
  process.stdin.resume();
  const exporter = newExporter(kind);
  for (let n = 0; open; n++) {
    const finished = [];
    const provider = capturingProvider('fault-connector', finished);
    const tracer = provider.getTracer('closewatch-faults');
    // Each journey is a root, three finance spans and an HTTP call: five spans.
    for (let i = 0; i < batch / 5; i++) {
      traceIds.push(journey(tracer, `${recordKey}-${n}-${i}`, [{ stage: 'emitted' }, { stage: 'transformed', system: 'mulesoft' }, { stage: 'posted' }]));
    }
    await provider.shutdown();
    const code = (await new Promise((resolve) => exporter.export(finished, resolve))).code;
    results.push(code);
    const spans = finished.map((s) => `${s.spanContext().traceId}:${s.spanContext().spanId}`);
    process.stdout.write(`${JSON.stringify({ export: n, code, spans })}\n`);
  }
  await exporter.shutdown();
}

async function run() {
  const results = [];
  const traceIds = [];
  if (scenario === 'sustained') {
    await sustained(results, traceIds);
    return { traceIds: [], results };
  }
  if (scenario === 'twice') {
    // The same finished spans exported twice (or `times` times), as a retrying exporter would.
    const finished = [];
    const provider = capturingProvider('boomi', finished);
    traceIds.push(journey(provider.getTracer('e2e'), recordKey, [{ stage: 'received' }, { stage: 'failed', error: 'GL account missing' }]));
    await provider.shutdown();
    const exporter = newExporter(kind);
    for (let i = 0; i < times; i++) results.push((await new Promise((resolve) => exporter.export(finished, resolve))).code);
    await exporter.shutdown();
    return { traceIds, results, spans: finished.length };
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'coupa-connector', 'deployment.environment': 'e2e' }),
    spanProcessors: [new BatchSpanProcessor(recording(newExporter(kind), results))],
  });
  const tracer = provider.getTracer('closewatch-e2e');
  if (scenario === 'journey') {
    traceIds.push(
      journey(tracer, recordKey, [{ stage: 'emitted' }, { stage: 'transformed', system: 'mulesoft' }, { stage: 'posted', system: 'oracle-fusion' }]),
    );
  } else if (scenario === 'partial') {
    const finance = { 'finance.flow': 'stripe-payments', 'finance.stage': 'emitted' };
    tracer.startSpan('good', { attributes: { ...finance, 'finance.record.key': `${recordKey}-1` } }).end();
    tracer.startSpan('bad', { attributes: { ...finance, 'finance.record.key': `${recordKey}-2`, 'finance.amount': 'lots', 'finance.currency': 'USD' } }).end();
  } else if (scenario === 'plain') {
    tracer.startSpan('plain').end();
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
  // A failed export rejects the flush; the result code is what the caller checks.
  await provider.forceFlush().catch((err) => warnings.push(`flush failed: ${err}`));
  await provider.shutdown().catch(() => undefined);
  return { traceIds, results };
}

const out = await run();
process.stdout.write(`${JSON.stringify({ ...out, warnings })}\n`);
