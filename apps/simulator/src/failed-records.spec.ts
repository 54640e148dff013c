import { FailedRecords } from './failed-records';
import { injectFault } from './faults';
import { RECORD_FLOWS, type RecordFlowSpec } from './flows';
import { planJourney } from './journey';
import { Random } from './random';

const spec = RECORD_FLOWS.find((f) => f.id === 'coupa-to-oracle-invoices') as RecordFlowSpec;
const at = new Date('2026-11-22T10:00:00Z');
const failed = (key: string) => injectFault(spec, planJourney(spec, key, at, new Random(key)), 'erp_outage', new Random(1));

describe(FailedRecords.name, () => {
  it('remembers failed records only, finds them by flow and key, and forgets on request', () => {
    const records = new FailedRecords();
    records.remember(planJourney(spec, 'OK-1', at, new Random(1)));
    records.remember(failed('INV-1'));
    expect(records.size).toBe(1);
    expect(records.find(spec.id, 'INV-1')?.recordKey).toBe('INV-1');
    expect(records.find('other-flow', 'INV-1')).toBeUndefined();
    records.forget(spec.id, 'INV-1');
    expect(records.find(spec.id, 'INV-1')).toBeUndefined();
  });

  it('keeps the latest ones up to its capacity, the oldest forgotten first', () => {
    const records = new FailedRecords(2);
    for (const key of ['A', 'B', 'C']) records.remember(failed(key));
    expect(records.size).toBe(2);
    expect(records.find(spec.id, 'A')).toBeUndefined();
    expect(records.find(spec.id, 'C')).toBeDefined();
  });
});
