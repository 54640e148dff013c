import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type RunReport } from '@closewatch/contracts/runs';
import { postedInvoice } from '../../../apps/api/test/support/posted-invoice';

/**
 * Sustained ingest for the fault specs, keeping what the server acknowledged: OTLP spans through
 * the official OpenTelemetry SDK exporter (e2e/ingest-otlp-client.mjs, scenario `sustained`, in
 * its own process), and business events and batch run reports through the JSON API. Each load
 * runs until stopped; a request that fails (server killed, database down, overloaded) is not
 * acknowledged, and the next one goes on.
 */
export interface Load {
  /** Idempotency keys of what the server answered 2xx to. */
  acknowledged: Set<string>;
  /** Requests (or exports) answered, acknowledged or not, so far. */
  attempts(): number;
  /** Stops sending and resolves when the last request has been answered. */
  stop(): Promise<void>;
}

/** OTLP spans, `batch` a request, through the SDK's protobuf exporter; keys are `traceId:spanId`. */
export function otlpLoad(url: string, key: string, recordKey: string, batch = 50): Load {
  const args = JSON.stringify({ url, key, exporter: 'protobuf', scenario: 'sustained', recordKey, batch });
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(__dirname, '..', '..', 'ingest-otlp-client.mjs'), args]);
  const acknowledged = new Set<string>();
  let attempts = 0;
  let pending = '';
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const out = JSON.parse(line) as { export?: number; code?: number; spans?: string[] };
      if (out.export === undefined) continue;
      attempts++;
      if (out.code === 0) for (const s of out.spans ?? []) acknowledged.add(s);
    }
  });
  let errors = '';
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    acknowledged,
    attempts: () => attempts,
    async stop() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`the OTLP client exited with ${code}:\n${errors}`);
    },
  };
}

/** Business events (`batch` a request, keys are event ids) of `flow`, and one run report after each batch (keys `runId:status`). */
export function eventAndRunLoad(url: string, key: string, flow: string, prefix: string, batch = 20): { events: Load; runs: Load } {
  const events = new Set<string>();
  const runs = new Set<string>();
  let eventAttempts = 0;
  let runAttempts = 0;
  let stopping = false;
  const post = async (path: string, body: unknown): Promise<number> => {
    try {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      await new Promise((r) => setTimeout(r, 50)); // refused: the server is down; try the next one shortly
      return 0;
    }
  };
  const loop = (async () => {
    for (let n = 0; !stopping; n++) {
      const ids = Array.from({ length: batch }, (_, i) => `${prefix}-${n}-${i}`);
      const status = await post('/api/v1/events', { events: ids.map((id) => postedInvoice(flow, id)) });
      eventAttempts++;
      if (status === 200) for (const id of ids) events.add(id);
      const run: RunReport = {
        flow,
        runId: `${prefix}-run-${n}`,
        status: 'succeeded',
        startedAt: new Date(Date.now() - 1000).toISOString(),
        finishedAt: new Date().toISOString(),
        rowsRead: batch,
        rowsWritten: batch,
      };
      const ran = await post('/api/v1/runs', run);
      runAttempts++;
      if (ran === 201 || ran === 200) runs.add(`${run.runId}:${run.status}`);
    }
  })();
  const stop = async () => {
    stopping = true;
    await loop;
  };
  return {
    events: { acknowledged: events, attempts: () => eventAttempts, stop },
    runs: { acknowledged: runs, attempts: () => runAttempts, stop },
  };
}
