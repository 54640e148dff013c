import { parentPort, workerData } from 'node:worker_threads';
import { type ReconDefinition, type Side } from '@closewatch/recon/definition';
import { compileRecon } from '@closewatch/recon/compile';
import { reconcile } from '@closewatch/recon/recon-engine';
import { type ReconBreak } from '@closewatch/recon/result';
import { postgresSide } from '../connectors/postgres/connector-postgres';
import { type RangeJob, type RangeMessage, type RangeReply } from './range-messages';
import { describeFailure } from '../runs/run-failure';

/**
 * The entry of a worker thread that reconciles one key range of a postgres-to-postgres run
 * (ranged-reconcile.ts): both sides' rows in the range, read with COPY as of the side's exported
 * snapshot, through the engine, as a single run would. It hands each batch of breaks to the main
 * thread and waits for its acknowledgement before the next (the main thread stores breaks in key
 * order and holds back a range that runs ahead); progress and the range's summary go back as
 * messages. An `abort` message stops it; every failure is sent back described (describeFailure).
 */
const job = workerData as RangeJob;
const port = parentPort!;
const controller = new AbortController();
let acknowledged: (() => void) | null = null;

port.on('message', (m: RangeReply) => {
  if (m.t === 'ack') {
    const done = acknowledged;
    acknowledged = null;
    done?.();
  } else controller.abort(new Error('the range was aborted'));
});

const send = (m: RangeMessage) => port.postMessage(m);

function handOver(batch: ReconBreak[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const { signal } = controller;
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    acknowledged = () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    send({ t: 'breaks', batch });
  });
}

async function main(): Promise<void> {
  const plan = compileRecon(job.definition as ReconDefinition);
  const side = (which: Side) =>
    postgresSide({
      ...job[which],
      plan,
      side: which,
      range: job.range,
      fetchRows: job.fetchRows,
      statementTimeoutMs: job.statementTimeoutMs,
      signal: controller.signal,
    });
  try {
    const summary = await reconcile({
      definition: plan,
      source: side('source'),
      target: side('target'),
      onBreaks: handOver,
      onProgress: (p) => send({ t: 'progress', source: p.source, target: p.target }),
      progressEvery: job.progressEvery,
      signal: controller.signal,
    });
    send({ t: 'done', summary });
  } catch (err) {
    send({ t: 'failed', error: describeFailure(err), stack: err instanceof Error ? err.stack : undefined });
  }
}

void main();
