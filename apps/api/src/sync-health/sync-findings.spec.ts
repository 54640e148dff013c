import { fingerprintOf } from '../exceptions/fingerprint';
import { normalizeFinding } from '../exceptions/finding';
import {
  delayFinding,
  type ErrorHop,
  errorHopFinding,
  intakeCalls,
  missedRunId,
  missedSlotItems,
  type OutboxItem,
  postedRecordItems,
  registeredFlowItem,
  RESOLVE_REASONS,
  type RunReport,
  runReportItems,
  unregisteredFlowFinding,
} from './sync-findings';

const now = new Date('2026-11-20T12:00:00.000Z');

const errorHop = (over: Partial<ErrorHop> = {}): ErrorHop => ({
  hopId: '42',
  flowId: 'coupa-to-netsuite',
  recordKey: 'INV-1',
  recordType: 'invoice',
  system: 'netsuite',
  stage: 'failed',
  occurredAt: new Date('2026-11-20T11:00:00.000Z'),
  amount: '1250.00',
  currency: 'USD',
  entity: 'US01',
  period: '2026-11',
  dataStatus: 'posted',
  errorClass: 'target_rejected',
  errorCode: 'PERIOD_CLOSED',
  errorMessage: 'Period 2026-11 is closed',
  traceId: 'a'.repeat(32),
  ...over,
});

const run = (over: Partial<RunReport> = {}): RunReport => ({
  flowId: 'erp-to-anaplan',
  runId: 'R-1',
  status: 'failed',
  startedAt: new Date('2026-11-20T02:00:10Z'),
  finishedAt: new Date('2026-11-20T02:05:00Z'),
  receivedAt: new Date('2026-11-20T02:05:01Z'),
  entity: 'DE01',
  period: '2026-11',
  rowsRead: '100',
  rowsWritten: '90',
  rowsRejected: '10',
  errorCode: 'TIMEOUT',
  errorMessage: 'target timed out',
  ...over,
});

/** Every finding must pass the intake's own validation. */
function valid(item: OutboxItem): void {
  if (item.kind !== 'finding') return;
  const checked = normalizeFinding(JSON.parse(JSON.stringify(item.finding)), now);
  expect(checked).toMatchObject({ ok: true });
}

describe(errorHopFinding.name, () => {
  it('a failed or dead-lettered step is a delivery failure caused by its error class', () => {
    const f = errorHopFinding(errorHop());
    expect(f).toEqual({
      type: 'delivery_failure',
      flow: 'coupa-to-netsuite',
      recordKey: 'INV-1',
      cause: 'target_rejected',
      detail: 'Period 2026-11 is closed',
      amount: '1250.00',
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
      observedAt: new Date('2026-11-20T11:00:00.000Z'),
      context: {
        stage: 'failed',
        system: 'netsuite',
        recordType: 'invoice',
        dataStatus: 'posted',
        errorClass: 'target_rejected',
        errorCode: 'PERIOD_CLOSED',
        traceId: 'a'.repeat(32),
        hopId: '42',
      },
    });
    expect(errorHopFinding(errorHop({ stage: 'dead_lettered' })).context).toMatchObject({ deadLettered: true });
    valid({ kind: 'finding', finding: f });
  });

  it('a mapping error is an unmapped dimension named by its error code', () => {
    const f = errorHopFinding(errorHop({ stage: 'transformed', errorClass: 'mapping', errorCode: 'UNMAPPED_COST_CENTRE' }));
    expect(f).toMatchObject({ type: 'unmapped_dimension', cause: 'UNMAPPED_COST_CENTRE', recordKey: 'INV-1' });
    expect(errorHopFinding(errorHop({ errorClass: 'mapping', errorCode: null })).cause).toBe('mapping');
  });

  it('the same record failing again the same way has the same fingerprint; another class is another exception', () => {
    const a = errorHopFinding(errorHop());
    const again = errorHopFinding(errorHop({ hopId: '77', occurredAt: new Date('2026-11-20T11:30:00Z') }));
    const other = errorHopFinding(errorHop({ errorClass: 'transient' }));
    const fp = (f: typeof a) => fingerprintOf({ type: f.type, flow: f.flow, recordKey: f.recordKey, runId: f.runId, cause: f.cause });
    expect(fp(again)).toBe(fp(a));
    expect(fp(other)).not.toBe(fp(a));
  });

  it('drops an amount the intake cannot take, keeps one with redundant trailing zeros', () => {
    expect(errorHopFinding(errorHop({ amount: '12.50000000000000' }))).toMatchObject({ amount: '12.5', currency: 'USD' });
    expect(errorHopFinding(errorHop({ amount: '12.12345678901' }))).toMatchObject({ amount: null, currency: null });
    expect(errorHopFinding(errorHop({ amount: '100', currency: null }))).toMatchObject({ amount: null, currency: null });
    expect(errorHopFinding(errorHop({ amount: '-40.00' }))).toMatchObject({ amount: '-40.00' });
  });
});

describe(delayFinding.name, () => {
  it('a record in flight past the SLO, with its age and last step', () => {
    const f = delayFinding(
      {
        flowId: 'coupa-to-netsuite',
        recordKey: 'INV-2',
        recordType: 'invoice',
        dataStatus: null,
        firstEmittedAt: new Date('2026-11-20T11:30:00Z'),
        lastStage: 'transformed',
        lastSystem: 'mulesoft',
        amount: '99.99',
        currency: 'EUR',
        entity: null,
        period: null,
      },
      900,
      now,
    );
    expect(f).toMatchObject({
      type: 'sync_delay',
      recordKey: 'INV-2',
      detail: 'In flight for 30m (SLO 15m); last step transformed at mulesoft',
      amount: '99.99',
      currency: 'EUR',
      observedAt: now,
      context: {
        firstEmittedAt: '2026-11-20T11:30:00.000Z',
        ageSeconds: 1800,
        maxLagSeconds: 900,
        lastStage: 'transformed',
        lastSystem: 'mulesoft',
        recordType: 'invoice',
      },
    });
    expect(f.context).not.toHaveProperty('dataStatus');
    valid({ kind: 'finding', finding: f });
  });
});

describe(runReportItems.name, () => {
  it('a failed run is a run_failed finding with its error code as cause', () => {
    const items = runReportItems(run(), now);
    expect(items).toEqual([
      {
        kind: 'finding',
        finding: expect.objectContaining({
          type: 'run_failed',
          flow: 'erp-to-anaplan',
          runId: 'R-1',
          cause: 'TIMEOUT',
          detail: 'target timed out',
          entity: 'DE01',
          period: '2026-11',
          observedAt: new Date('2026-11-20T02:05:00Z'),
        }),
      },
    ]);
    items.forEach(valid);
  });

  it('a succeeded run clears the failed and missed runs of its flow and entity', () => {
    expect(runReportItems(run({ status: 'succeeded' }), now)).toEqual([
      { kind: 'resolve', match: { type: 'run_failed', flow: 'erp-to-anaplan', entity: 'DE01' }, reason: RESOLVE_REASONS.runSucceeded },
      { kind: 'resolve', match: { type: 'missed_run', flow: 'erp-to-anaplan', entity: 'DE01' }, reason: RESOLVE_REASONS.runSucceeded },
    ]);
    expect(runReportItems(run({ status: 'succeeded', entity: null }), now)[0]).toMatchObject({ match: { entity: null } });
  });

  it('a started run says nothing by itself', () => {
    expect(runReportItems(run({ status: 'started' }), now)).toEqual([]);
  });
});

describe(missedSlotItems.name, () => {
  const slot = {
    flowId: 'erp-to-anaplan',
    entity: 'US01',
    slot: new Date('2026-11-20T02:00:00Z'),
    graceSeconds: 600,
    cron: '0 2 * * *',
    timezone: 'UTC',
    lateSuccess: false,
  };

  it('a missed run is known by its slot and entity', () => {
    const items = missedSlotItems(slot, now);
    expect(items).toEqual([
      {
        kind: 'finding',
        finding: expect.objectContaining({
          type: 'missed_run',
          runId: '2026-11-20T02:00:00.000Z/US01',
          entity: 'US01',
          title: 'Expected run of erp-to-anaplan at 2026-11-20T02:00:00.000Z for US01 did not start',
          observedAt: new Date('2026-11-20T02:10:00Z'),
        }),
      },
    ]);
    items.forEach(valid);
    expect(missedRunId(slot.slot, null)).toBe('2026-11-20T02:00:00.000Z');
  });

  it('resolved at once when a later run already succeeded', () => {
    const items = missedSlotItems({ ...slot, lateSuccess: true }, now);
    expect(items[1]).toEqual({
      kind: 'resolve',
      match: { type: 'missed_run', flow: 'erp-to-anaplan', runId: '2026-11-20T02:00:00.000Z/US01' },
      reason: RESOLVE_REASONS.runSucceeded,
    });
  });
});

describe(postedRecordItems.name, () => {
  it('clears the sync delay, and the failures when the posting came after them', () => {
    expect(postedRecordItems('f', 'INV-1', { delay: true, failure: false })).toEqual([
      { kind: 'resolve', match: { type: 'sync_delay', flow: 'f', recordKey: 'INV-1' }, reason: RESOLVE_REASONS.recordPosted },
    ]);
    expect(postedRecordItems('f', 'INV-1', { delay: false, failure: true }).map((i) => i.kind === 'resolve' && i.match)).toEqual([
      { type: 'delivery_failure', flow: 'f', recordKey: 'INV-1' },
      { type: 'unmapped_dimension', flow: 'f', recordKey: 'INV-1' },
    ]);
    expect(postedRecordItems('f', 'INV-1', { delay: false, failure: false })).toEqual([]);
  });
});

describe(unregisteredFlowFinding.name, () => {
  it('one finding per flow, cleared when the flow is registered', () => {
    const f = unregisteredFlowFinding('shadow-etl', 3, new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T11:00:00Z'));
    expect(f).toMatchObject({ type: 'unregistered_flow', flow: 'shadow-etl', detail: '3 hops of flow shadow-etl, which is not in the catalog' });
    valid({ kind: 'finding', finding: f });
    expect(registeredFlowItem('shadow-etl')).toEqual({
      kind: 'resolve',
      match: { type: 'unregistered_flow', flow: 'shadow-etl' },
      reason: RESOLVE_REASONS.flowRegistered,
    });
  });
});

describe(intakeCalls.name, () => {
  it('groups consecutive items of one kind and reason, keeping the order', () => {
    const fail = { kind: 'finding', finding: errorHopFinding(errorHop()) } as const;
    const posted = postedRecordItems('f', 'INV-1', { delay: true, failure: true });
    const items: OutboxItem[] = [fail, fail, ...posted, registeredFlowItem('x'), fail];
    expect(intakeCalls(items).map((c) => [c.kind, c.size, c.kind === 'resolve' ? c.reason : null])).toEqual([
      ['finding', 2, null],
      ['resolve', 1, RESOLVE_REASONS.recordPosted],
      ['resolve', 2, RESOLVE_REASONS.laterStepPosted],
      ['resolve', 1, RESOLVE_REASONS.flowRegistered],
      ['finding', 1, null],
    ]);
    expect(intakeCalls([])).toEqual([]);
  });
});
