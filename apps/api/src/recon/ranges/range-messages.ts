import { type ReconRunErrorDto } from '@closewatch/contracts/recon';
import { type KeyRange } from '@closewatch/recon/postgres-key-order';
import { type ReconBreak, type ReconSummary } from '@closewatch/recon/result';
import { type PostgresSideSpec } from './postgres-ranges';

/** What a range worker (range-worker.ts) is started with: plain data, cloned into the thread. */
export interface RangeJob {
  /** The definition as stored (compiled again in the worker: a plan holds class instances). */
  definition: unknown;
  source: RangeSide;
  target: RangeSide;
  range: KeyRange;
  fetchRows: number;
  statementTimeoutMs: number;
  progressEvery: number;
  // No external sort settings: a run is split in ranges only when SQL sorts both sides.
}

/** A side as a range reads it: the exported snapshot, and how SQL orders its key (preparePostgresRanges). */
export type RangeSide = PostgresSideSpec & { snapshot: string; ownCollation: boolean };

/** From a range worker to the main thread. */
export type RangeMessage =
  | { t: 'breaks'; batch: ReconBreak[] }
  | { t: 'progress'; source: number; target: number }
  | { t: 'done'; summary: ReconSummary }
  | { t: 'failed'; error: ReconRunErrorDto; stack?: string };

/** From the main thread to a range worker: a batch of breaks is taken, or stop. */
export type RangeReply = { t: 'ack' } | { t: 'abort' };
