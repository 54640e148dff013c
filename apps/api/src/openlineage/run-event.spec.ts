import { runEventValidator } from '../../test/openlineage-run-event-schema';
import { isUuid } from '../common/uuid';
import { type BatchRunFact, batchRunUuid, type ReconRunFact, runEvent } from './run-event';

const batch = (over: Partial<BatchRunFact> = {}): BatchRunFact => ({
  kind: 'batch',
  flow: 'gl-export',
  runId: 'run-2026-12-01',
  status: 'started',
  startedAt: new Date('2026-12-01T02:00:00Z'),
  finishedAt: null,
  recordedAt: new Date('2026-12-01T02:00:01Z'),
  rowsRead: null,
  rowsWritten: null,
  errorCode: null,
  errorMessage: null,
  sourceSystem: 'netsuite',
  targetSystem: 'snowflake',
  ...over,
});

const recon = (over: Partial<ReconRunFact> = {}): ReconRunFact => ({
  kind: 'recon',
  phase: 'start',
  recon: 'invoices-crm-erp',
  runId: '4f1d5c2e-8a3b-4c6d-9e0f-1a2b3c4d5e6f',
  status: 'running',
  startedAt: new Date('2026-12-01T03:00:00Z'),
  finishedAt: null,
  sourceRows: 0,
  targetRows: 0,
  breaks: null,
  errorCode: null,
  errorMessage: null,
  sourceSystem: 'salesforce',
  targetSystem: 'netsuite',
  ...over,
});

describe(runEvent.name, () => {
  const validate = runEventValidator();
  const valid = (e: unknown) => {
    const ok = validate(e);
    return ok ? true : validate.errors;
  };

  it('makes a batch run START with the flow as job, its systems as datasets and a stable UUID', () => {
    const e = runEvent(batch(), 'closewatch');
    expect(valid(e)).toBe(true);
    expect(e).toMatchObject({
      eventType: 'START',
      eventTime: '2026-12-01T02:00:00.000Z',
      job: { namespace: 'closewatch', name: 'gl-export' },
      inputs: [{ namespace: 'closewatch', name: 'netsuite' }],
      outputs: [{ namespace: 'closewatch', name: 'snowflake' }],
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    });
    expect(isUuid(e.run.runId)).toBe(true);
    expect(e.run.runId).toBe(batchRunUuid('gl-export', 'run-2026-12-01'));
    expect(e.inputs[0]!.inputFacets).toBeUndefined();
  });

  it('gives the START and COMPLETE of one batch run the same run id, and row counts on COMPLETE', () => {
    const done = runEvent(batch({ status: 'succeeded', finishedAt: new Date('2026-12-01T02:05:00Z'), rowsRead: 120, rowsWritten: 118 }), 'ns');
    expect(valid(done)).toBe(true);
    expect(done.eventType).toBe('COMPLETE');
    expect(done.eventTime).toBe('2026-12-01T02:05:00.000Z');
    expect(done.run.runId).toBe(runEvent(batch(), 'ns').run.runId);
    expect(done.inputs[0]!.inputFacets!.inputStatistics).toMatchObject({ rowCount: 120, _producer: 'urn:closewatch:api' });
    expect(done.outputs[0]!.outputFacets!.outputStatistics).toMatchObject({ rowCount: 118 });
    expect(runEvent(batch({ runId: 'run-2026-12-02' }), 'ns').run.runId).not.toBe(done.run.runId);
    expect(runEvent(batch({ flow: 'other' }), 'ns').run.runId).not.toBe(done.run.runId);
  });

  it('makes a failed batch run FAIL with its error, and falls back to the arrival time', () => {
    const e = runEvent(batch({ status: 'failed', startedAt: null, finishedAt: null, errorCode: 'E42', errorMessage: 'GL closed' }), 'ns');
    expect(valid(e)).toBe(true);
    expect(e.eventType).toBe('FAIL');
    expect(e.eventTime).toBe('2026-12-01T02:00:01.000Z');
    expect(e.run.facets!.errorMessage).toMatchObject({ message: 'E42: GL closed', programmingLanguage: 'unknown' });
    expect(e.inputs[0]!.inputFacets).toBeUndefined();
  });

  it('leaves the datasets out when the flow is not in the catalog', () => {
    const e = runEvent(batch({ sourceSystem: null, targetSystem: null }), 'ns');
    expect(valid(e)).toBe(true);
    expect(e.inputs).toEqual([]);
    expect(e.outputs).toEqual([]);
  });

  it('makes a reconciliation run START and COMPLETE with rows read from each system and its breaks', () => {
    const start = runEvent(recon(), 'ns');
    expect(valid(start)).toBe(true);
    expect(start).toMatchObject({ eventType: 'START', job: { name: 'invoices-crm-erp' }, run: { runId: '4f1d5c2e-8a3b-4c6d-9e0f-1a2b3c4d5e6f' }, outputs: [] });
    expect(start.inputs.map((d) => d.name)).toEqual(['salesforce', 'netsuite']);

    const done = runEvent(
      recon({ phase: 'end', status: 'succeeded', finishedAt: new Date('2026-12-01T03:01:00Z'), sourceRows: 1000, targetRows: 998, breaks: 3 }),
      'ns',
    );
    expect(valid(done)).toBe(true);
    expect(done.eventType).toBe('COMPLETE');
    expect(done.run.runId).toBe(start.run.runId);
    expect(done.inputs.map((d) => d.inputFacets!.inputStatistics!.rowCount)).toEqual([1000, 998]);
    expect(done.outputs).toEqual([
      expect.objectContaining({ name: 'invoices-crm-erp.breaks', outputFacets: { outputStatistics: expect.objectContaining({ rowCount: 3 }) } }),
    ]);
  });

  it('makes a failed reconciliation run FAIL and a cancelled one ABORT, neither with breaks', () => {
    const failed = runEvent(recon({ phase: 'end', status: 'failed', finishedAt: new Date('2026-12-01T03:02:00Z'), errorCode: 'source_unreachable' }), 'ns');
    expect(valid(failed)).toBe(true);
    expect(failed.eventType).toBe('FAIL');
    expect(failed.run.facets!.errorMessage).toMatchObject({ message: 'source_unreachable', programmingLanguage: 'TypeScript' });
    expect(failed.outputs).toEqual([]);
    const aborted = runEvent(recon({ phase: 'end', status: 'cancelled', finishedAt: new Date('2026-12-01T03:02:00Z') }), 'ns');
    expect(valid(aborted)).toBe(true);
    expect(aborted.eventType).toBe('ABORT');
  });

  it('refuses the end of a reconciliation run that has not ended', () => {
    expect(() => runEvent(recon({ phase: 'end', status: 'running' }), 'ns')).toThrow('has not ended');
  });

  it('is caught by the schema when a required field or a facet field is missing', () => {
    const e = runEvent(batch({ status: 'succeeded', finishedAt: new Date(), rowsRead: 1 }), 'ns');
    expect(valid({ ...e, run: { runId: 'run-1' } })).not.toBe(true);
    expect(valid({ ...e, eventType: 'DONE' })).not.toBe(true);
    const { producer: _dropped, ...noProducer } = e;
    expect(valid(noProducer)).not.toBe(true);
    const noFacetProducer = structuredClone(e);
    delete (noFacetProducer.inputs[0]!.inputFacets!.inputStatistics as Record<string, unknown>)._producer;
    expect(valid(noFacetProducer)).not.toBe(true);
  });
});
