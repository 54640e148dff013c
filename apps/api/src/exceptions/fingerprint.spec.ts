import { fingerprintOf } from './fingerprint';

describe(fingerprintOf.name, () => {
  const base = { type: 'delivery_failure' as const, flow: 'coupa-to-netsuite', recordKey: 'INV-1', cause: 'mapping' };

  it('is the same for the same problem seen again', () => {
    expect(fingerprintOf({ ...base })).toBe(fingerprintOf(base));
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the type, flow, record, run or cause differ', () => {
    const f = fingerprintOf(base);
    expect(fingerprintOf({ ...base, type: 'sync_delay' })).not.toBe(f);
    expect(fingerprintOf({ ...base, flow: 'other' })).not.toBe(f);
    expect(fingerprintOf({ ...base, recordKey: 'INV-2' })).not.toBe(f);
    expect(fingerprintOf({ ...base, cause: 'transient' })).not.toBe(f);
    expect(fingerprintOf({ ...base, cause: null })).not.toBe(f);
  });

  it('tells a record key from a run id with the same text', () => {
    expect(fingerprintOf({ type: 'run_failed', flow: 'f', recordKey: 'R1' })).not.toBe(fingerprintOf({ type: 'run_failed', flow: 'f', runId: 'R1' }));
  });

  it('cannot be made to collide by separators inside keys', () => {
    expect(fingerprintOf({ type: 'delivery_failure', flow: 'a|b', recordKey: 'c' })).not.toBe(
      fingerprintOf({ type: 'delivery_failure', flow: 'a', recordKey: 'b|c' }),
    );
  });
});
