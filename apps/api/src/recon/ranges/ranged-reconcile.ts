import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { keyRangeText } from '@closewatch/contracts/recon';
import { mergeSummaries } from '@closewatch/recon/merge-summaries';
import { type BreakSinkFn, type ReconBreak, type ReconProgress, type ReconSummary } from '@closewatch/recon/result';
import { type RangeJob, type RangeMessage, type RangeReply } from './range-messages';
import { ReconRunFailure } from '../runs/run-failure';

export interface RangedReconcileOptions {
  /** One job per key range, in key order (ranges that meet, the first open at its start, the last at its end). */
  jobs: RangeJob[];
  /** Receives the breaks of all ranges in key order, one batch at a time (the engine's contract). */
  onBreaks: BreakSinkFn;
  /** The rows read per side, all ranges together. */
  onProgress?: (progress: ReconProgress) => void;
  signal?: AbortSignal;
  /**
   * Breaks of ranges ahead of the one being stored that are held in memory; beyond it such a
   * range waits until the ranges before it are done (default 50,000).
   */
  maxHeldBreaks?: number;
}

interface Batch {
  breaks: ReconBreak[];
  /** The worker was told it may go on (the batch is held in memory) before the batch was stored. */
  acked: boolean;
}

interface Part {
  worker: Worker;
  queue: Batch[];
  progress: ReconProgress;
  summary: ReconSummary | null;
  exited: boolean;
}

/**
 * Reconciles a run in key ranges, each in a worker thread of its own (range-worker.ts) running the
 * whole pipeline (COPY of both sides, keying, totals, merge join) on its range, so that the run
 * uses more than one core and no row crosses between threads. Here, on the calling thread, the
 * breaks are stored in key order: those of the first range not yet done go to `onBreaks` as they
 * come (the worker waits for each batch to be stored, as the engine does); those of later ranges
 * wait in memory, up to `maxHeldBreaks`, beyond which their worker waits. Progress is summed; the
 * ranges' summaries are added up (mergeSummaries) once all are done. The first failure aborts the
 * other ranges and fails the run with its description; aborting `signal` stops every range and
 * fails with the signal's reason. Every worker is gone when this returns.
 */
export async function reconcileInRanges(o: RangedReconcileOptions): Promise<ReconSummary> {
  o.signal?.throwIfAborted();
  if (!o.jobs.length) throw new Error('reconcileInRanges needs at least one range');
  const maxHeld = o.maxHeldBreaks ?? 50_000;
  const file = rangeWorkerFile();
  const parts: Part[] = [];
  let current = 0;
  let held = 0;
  let pumping: Promise<void> | null = null;
  let failure: unknown = null;
  let settle!: (error?: unknown) => void;
  const finished = new Promise<void>((ok, fail) => (settle = (error) => (error === undefined ? ok() : fail(error))));

  const reply = (part: Part, m: RangeReply) => {
    if (!part.exited) part.worker.postMessage(m);
  };
  const fail = (error: unknown) => {
    if (failure !== null) return;
    failure = error;
    for (const p of parts) reply(p, { t: 'abort' });
    settle(error);
  };
  const progress = () => {
    const sum = { source: 0, target: 0 };
    for (const p of parts) {
      sum.source += p.progress.source;
      sum.target += p.progress.target;
    }
    o.onProgress?.(sum);
  };
  /** Stores the batches of the current range, moving on as ranges finish, one batch at a time. */
  const pump = () => {
    if (!pumping && failure === null) pumping = store().finally(() => (pumping = null));
  };
  const store = async () => {
    try {
      while (current < parts.length && failure === null) {
        const part = parts[current]!;
        const batch = part.queue.shift();
        if (batch) {
          await o.onBreaks(batch.breaks);
          if (batch.acked) held -= batch.breaks.length;
          else reply(part, { t: 'ack' });
        } else if (part.summary) current++;
        else break;
      }
      if (current === parts.length) settle();
    } catch (err) {
      fail(err);
    }
  };
  const onMessage = (index: number, m: RangeMessage) => {
    const part = parts[index]!;
    switch (m.t) {
      case 'breaks': {
        const batch: Batch = { breaks: m.batch, acked: false };
        if (index !== current && held + m.batch.length <= maxHeld) {
          held += m.batch.length;
          batch.acked = true;
          reply(part, { t: 'ack' });
        }
        part.queue.push(batch);
        break;
      }
      case 'progress':
        part.progress = { source: m.source, target: m.target };
        progress();
        return;
      case 'done':
        part.summary = m.summary;
        break;
      case 'failed': {
        const { code, message, retryable } = m.error;
        const where = code === 'invalid_input' ? ` (row numbers count from the start of the key range ${keyRangeText(o.jobs[index]!.range)})` : '';
        const failure = new ReconRunFailure(code, message + where, retryable);
        if (m.stack) failure.stack = m.stack; // where in the worker it failed, for the log of an internal error
        fail(failure);
        return;
      }
    }
    pump();
  };

  const abort = () => fail(o.signal!.reason);
  o.signal?.addEventListener('abort', abort, { once: true });
  try {
    o.jobs.forEach((job, index) => {
      const part: Part = { worker: new Worker(file, { workerData: job }), queue: [], progress: { source: 0, target: 0 }, summary: null, exited: false };
      parts.push(part);
      part.worker.on('message', (m: RangeMessage) => onMessage(index, m));
      part.worker.on('error', (err) => fail(new ReconRunFailure('internal_error', `a key range's worker thread failed: ${err.message}`)));
      part.worker.on('exit', (code) => {
        part.exited = true;
        if (!part.summary) fail(new ReconRunFailure('internal_error', `a key range's worker thread ended (exit code ${code}) before its range was done`));
      });
    });
    await finished;
    progress();
    return mergeSummaries(parts.map((p) => p.summary!));
  } finally {
    o.signal?.removeEventListener('abort', abort);
    await pumping;
    await Promise.allSettled(parts.map((p) => p.worker.terminate()));
  }
}

/**
 * The compiled worker entry: beside this module in the built API; from the built API when this
 * module runs from its TypeScript source (the int tests), which `npm run build` makes first.
 */
export function rangeWorkerFile(): string {
  const file = __filename.endsWith('.js') ? join(__dirname, 'range-worker.js') : resolve(__dirname, '../../../dist/recon/ranges/range-worker.js');
  if (!existsSync(file)) throw new ReconRunFailure('internal_error', `the range worker ${file} is missing: build the API first (npm run build)`);
  return file;
}
