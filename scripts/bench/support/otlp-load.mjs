// OTLP load as the benchmarks send it: protobuf export requests of finance spans, built from one
// encoded template (support for bench:ingest and bench:live).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDist, require } from './run.mjs';

/** POSTs one encoded request to /v1/traces with the ingest key; returns the status code. */
export function post(agent, target, key, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length, authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One ExportTraceServiceRequest of `batch` finance spans, encoded once with the API's own OTLP
 * protobuf definitions; each request is a copy with fresh trace/span ids, record keys and times
 * written at the offsets of unique marker values, so generating load costs almost no CPU.
 * `next(counter, markerKey)` makes request `counter`'s spans; with `markerKey` (14 characters,
 * as the generated record keys), its first span carries that record key and is its newest.
 */
export function buildTemplate(batch) {
  const { otlpTypes } = require(join(apiDist, 'ingest', 'otlp-proto.js'));
  const type = otlpTypes.ExportTraceServiceRequest;
  const flows = [
    'coupa-to-oracle-invoices',
    'salesforce-to-netsuite-orders',
    'workday-to-sap-journals',
    'stripe-to-netsuite-payments',
    'sap-to-anaplan-actuals',
  ];
  const systems = ['coupa', 'mulesoft', 'oracle-fusion', 'netsuite', 'boomi'];
  const stages = ['emitted', 'received', 'transformed', 'validated', 'posted'];
  const runPrefix = randomBytes(6);
  const markers = [];
  const spans = [];
  for (let i = 0; i < batch; i++) {
    const traceMarker = randomBytes(16);
    const spanMarker = randomBytes(8);
    const keyMarker = `RK${randomBytes(6).toString('hex')}`; // 14 characters
    const startMarker = 1_000_000_000_000_000_000n + BigInt(i) * 1_000_003n + 11n;
    const endMarker = startMarker + 7_777_777n;
    markers.push({ traceMarker, spanMarker, keyMarker, startMarker, endMarker });
    const failed = i % 50 === 49;
    spans.push({
      traceId: traceMarker,
      spanId: spanMarker,
      name: `${stages[i % stages.length]} invoice`,
      kind: 3,
      startTimeUnixNano: startMarker.toString(),
      endTimeUnixNano: endMarker.toString(),
      attributes: [
        kv('finance.flow', flows[i % flows.length]),
        kv('finance.record.key', keyMarker),
        kv('finance.record.type', 'invoice'),
        kv('finance.stage', failed ? 'failed' : stages[i % stages.length]),
        kv('finance.system', systems[i % systems.length]),
        kv('finance.amount', `${1000 + i}.${String(i % 100).padStart(2, '0')}`),
        kv('finance.currency', i % 3 ? 'USD' : 'EUR'),
        kv('finance.entity', `E${(i % 7) + 1}0`),
        kv('finance.period', '2026-11'),
        kv('finance.data.status', 'posted'),
        kv('finance.mapping.version', 'v12'),
        kv('finance.batch.id', `B-${i % 16}`),
        ...(failed ? [kv('finance.error.class', 'target_rejected'), kv('error.type', 'PERIOD_CLOSED')] : []),
        kv('messaging.system', 'kafka'),
        { key: 'retry.count', value: { intValue: i % 3 } },
      ],
      status: failed ? { code: 2, message: 'target rejected the posting: period closed' } : { code: 1 },
    });
  }
  const message = type.fromObject({
    resourceSpans: [
      {
        // What the Node.js SDK's default resource detectors attach to every export.
        resource: {
          attributes: [
            kv('service.name', 'bench-connector'),
            kv('service.version', '1.4.2'),
            kv('service.instance.id', '0b8a5c9e-6f0e-4d43-9c55-1d6f8d3c2a71'),
            kv('deployment.environment', 'bench'),
            kv('telemetry.sdk.language', 'nodejs'),
            kv('telemetry.sdk.name', 'opentelemetry'),
            kv('telemetry.sdk.version', '2.12.0'),
            kv('host.name', 'bench-host'),
            kv('host.arch', 'amd64'),
            kv('os.type', 'linux'),
            kv('process.pid', '4242'),
            kv('process.executable.name', 'node'),
            kv('process.executable.path', '/usr/local/bin/node'),
            kv('process.command', '/srv/connector/dist/main.js'),
            kv('process.runtime.name', 'nodejs'),
            kv('process.runtime.version', '20.20.2'),
            kv('process.runtime.description', 'Node.js'),
            kv('process.owner', 'connector'),
          ],
        },
        scopeSpans: [{ scope: { name: 'closewatch-bench', version: '1' }, spans }],
      },
    ],
  });
  const encoded = Buffer.from(type.encode(message).finish());
  const offsets = markers.map((m) => ({
    trace: find(encoded, m.traceMarker),
    span: find(encoded, m.spanMarker),
    key: find(encoded, Buffer.from(m.keyMarker)),
    start: find(encoded, u64le(m.startMarker)),
    end: find(encoded, u64le(m.endMarker)),
  }));
  return {
    next(counter, markerKey) {
      const body = Buffer.from(encoded);
      const nowNs = BigInt(Date.now()) * 1_000_000n;
      for (let i = 0; i < offsets.length; i++) {
        const o = offsets[i];
        const n = counter + i;
        runPrefix.copy(body, o.trace);
        body.writeUInt16BE(0xbe00 + (i & 0xff), o.trace + 6);
        body.writeBigUInt64BE(BigInt(n) + 1n, o.trace + 8);
        body.writeBigUInt64BE(BigInt(n) + 1n, o.span);
        body.write(`RK${String(n).padStart(12, '0')}`, o.key, 'latin1');
        body.writeBigUInt64LE(nowNs - 50_000_000n, o.start);
        body.writeBigUInt64LE(nowNs - BigInt(i), o.end);
      }
      if (markerKey !== undefined) {
        // The first span becomes the marker: its own record key, and 1 ms newer than the rest, so
        // it is the batch's newest hop (hops carry millisecond times).
        body.write(markerKey, offsets[0].key, 'latin1');
        body.writeBigUInt64LE(nowNs + 1_000_000n, offsets[0].end);
      }
      return body;
    },
  };
}

function kv(key, value) {
  return { key, value: { stringValue: value } };
}

function u64le(v) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
}

function find(buf, marker) {
  const at = buf.indexOf(marker);
  if (at < 0 || buf.indexOf(marker, at + 1) >= 0) throw new Error('template marker not found exactly once');
  return at;
}

/**
 * Runs `script` (a benchmark file) again in a child process as `script --load <options JSON>`,
 * the load generator, so generating load does not share the benchmark's event loop; resolves to
 * the one message it sends back before it exits.
 */
export function runLoadProcess(script, options) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(script), ['--load', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result;
    child.on('message', (m) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
  });
}
