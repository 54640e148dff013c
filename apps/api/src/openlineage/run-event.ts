import {
  type OpenLineageDataset,
  type OpenLineageFacet,
  type OpenLineageRunEvent,
  RUN_EVENT_SCHEMA_URL,
  type RunEventType,
} from '@closewatch/contracts/openlineage';
import { uuidV5 } from '../common/uuid';

/** Who writes the events and facets (a URI, as the spec asks; Closewatch has no public home page to name). */
export const OPENLINEAGE_PRODUCER = 'urn:closewatch:api';

/** The namespace of batch runs' UUIDs: `runId` is UUIDv5(flow + "\n" + the middleware's run id) in it. */
export const BATCH_RUN_UUID_NAMESPACE = 'a5c4c1f0-5d0e-4f57-9a8c-0c1b8e7f2d41';

const FACETS = 'https://openlineage.io/spec/facets';
const INPUT_STATISTICS = `${FACETS}/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet`;
const OUTPUT_STATISTICS = `${FACETS}/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`;
const ERROR_MESSAGE = `${FACETS}/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`;
const MAX_ERROR_CHARS = 2000;

/** One stored report of a batch run (`POST /api/v1/runs`), with its flow's systems. */
export interface BatchRunFact {
  kind: 'batch';
  flow: string;
  runId: string;
  status: 'started' | 'succeeded' | 'failed';
  startedAt: Date | null;
  finishedAt: Date | null;
  recordedAt: Date;
  rowsRead: number | null;
  rowsWritten: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  sourceSystem: string | null;
  targetSystem: string | null;
}

/** A reconciliation run's start, or its end (succeeded, failed or cancelled while running). */
export interface ReconRunFact {
  kind: 'recon';
  phase: 'start' | 'end';
  recon: string;
  /** The run's own UUID. */
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled' | 'running' | 'queued';
  startedAt: Date;
  finishedAt: Date | null;
  sourceRows: number;
  targetRows: number;
  /** Breaks found (the five counts added up); null until the run succeeded. */
  breaks: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  sourceSystem: string | null;
  targetSystem: string | null;
}

export type RunFact = BatchRunFact | ReconRunFact;

const facet = (schemaURL: string, fields: Record<string, unknown>): OpenLineageFacet => ({
  _producer: OPENLINEAGE_PRODUCER,
  _schemaURL: schemaURL,
  ...fields,
});

function dataset(namespace: string, name: string | null, stats?: { kind: 'input' | 'output'; rowCount: number | null }): OpenLineageDataset[] {
  if (name === null) return [];
  const d: OpenLineageDataset = { namespace, name };
  if (stats && stats.rowCount !== null) {
    if (stats.kind === 'input') d.inputFacets = { inputStatistics: facet(INPUT_STATISTICS, { rowCount: stats.rowCount }) };
    else d.outputFacets = { outputStatistics: facet(OUTPUT_STATISTICS, { rowCount: stats.rowCount }) };
  }
  return [d];
}

function errorFacets(code: string | null, message: string | null, language: string): Record<string, OpenLineageFacet> | undefined {
  const text = [code, message].filter((s): s is string => !!s).join(': ');
  if (!text) return undefined;
  return { errorMessage: facet(ERROR_MESSAGE, { message: text.slice(0, MAX_ERROR_CHARS), programmingLanguage: language }) };
}

const BATCH_EVENT: Record<BatchRunFact['status'], RunEventType> = { started: 'START', succeeded: 'COMPLETE', failed: 'FAIL' };
const RECON_END_EVENT: Partial<Record<ReconRunFact['status'], RunEventType>> = { succeeded: 'COMPLETE', failed: 'FAIL', cancelled: 'ABORT' };

/** The stable run id of a batch run: the same flow and middleware run id always give the same UUID. */
export const batchRunUuid = (flow: string, runId: string): string => uuidV5(`${flow}\n${runId}`, BATCH_RUN_UUID_NAMESPACE);

/**
 * A batch run report as an OpenLineage RunEvent: `started` is START, `succeeded` COMPLETE, `failed`
 * FAIL; the job is the flow, the input its source system (rows read), the output its target
 * system (rows written). The event time is the one the middleware reported, else when it arrived.
 */
function batchEvent(r: BatchRunFact, namespace: string): OpenLineageRunEvent {
  const type = BATCH_EVENT[r.status];
  const ended = type !== 'START';
  const runFacets = r.status === 'failed' ? errorFacets(r.errorCode, r.errorMessage, 'unknown') : undefined;
  return envelope(type, (ended ? (r.finishedAt ?? r.startedAt) : r.startedAt) ?? r.recordedAt, batchRunUuid(r.flow, r.runId), runFacets, namespace, r.flow, {
    inputs: dataset(namespace, r.sourceSystem, ended ? { kind: 'input', rowCount: r.rowsRead } : undefined),
    outputs: dataset(namespace, r.targetSystem, ended ? { kind: 'output', rowCount: r.rowsWritten } : undefined),
  });
}

/**
 * A reconciliation run's start or end as a RunEvent: the job is the reconciliation, the inputs
 * the flow's source and target systems (rows read from each at the end), the output of a
 * completed run the reconciliation's breaks (`<recon>.breaks`, its row count the breaks found).
 */
function reconEvent(r: ReconRunFact, namespace: string): OpenLineageRunEvent {
  const type = r.phase === 'start' ? 'START' : RECON_END_EVENT[r.status];
  if (!type) throw new Error(`a reconciliation run that is ${r.status} has not ended`);
  const ended = type !== 'START';
  const runFacets = type === 'FAIL' ? errorFacets(r.errorCode, r.errorMessage, 'TypeScript') : undefined;
  const at = ended ? (r.finishedAt ?? r.startedAt) : r.startedAt;
  return envelope(type, at, r.runId, runFacets, namespace, r.recon, {
    inputs: [
      ...dataset(namespace, r.sourceSystem, ended ? { kind: 'input', rowCount: r.sourceRows } : undefined),
      ...dataset(namespace, r.targetSystem, ended ? { kind: 'input', rowCount: r.targetRows } : undefined),
    ],
    outputs: type === 'COMPLETE' ? dataset(namespace, `${r.recon}.breaks`, { kind: 'output', rowCount: r.breaks }) : [],
  });
}

function envelope(
  eventType: RunEventType,
  at: Date,
  runId: string,
  runFacets: Record<string, OpenLineageFacet> | undefined,
  namespace: string,
  jobName: string,
  io: { inputs: OpenLineageDataset[]; outputs: OpenLineageDataset[] },
): OpenLineageRunEvent {
  return {
    eventType,
    eventTime: at.toISOString(),
    run: runFacets ? { runId, facets: runFacets } : { runId },
    job: { namespace, name: jobName },
    inputs: io.inputs,
    outputs: io.outputs,
    producer: OPENLINEAGE_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
  };
}

/** The OpenLineage RunEvent of one recorded run fact, in the job namespace `namespace` (pure). */
export function runEvent(fact: RunFact, namespace: string): OpenLineageRunEvent {
  return fact.kind === 'batch' ? batchEvent(fact, namespace) : reconEvent(fact, namespace);
}
