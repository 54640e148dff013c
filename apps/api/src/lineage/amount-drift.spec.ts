import { type HopDto } from '@closewatch/contracts/telemetry';
import { amountDrift } from './amount-drift';

function hop(stage: HopDto['stage'], amount: string | null, currency: string | null, system = 'netsuite'): HopDto {
  return {
    flow: 'coupa-to-netsuite',
    recordKey: 'INV-1',
    recordType: 'invoice',
    stage,
    system,
    status: 'ok',
    occurredAt: '2026-11-02T10:00:00.000Z',
    amount,
    currency,
    entity: null,
    period: null,
    dataStatus: null,
    mappingVersion: null,
    batchId: null,
    traceId: null,
    spanId: null,
    error: null,
    source: 'event',
    registered: true,
  };
}

describe(amountDrift.name, () => {
  it('reports nothing when the amount is the same all along, whatever its scale', () => {
    expect(amountDrift([hop('emitted', '100.00', 'USD'), hop('transformed', '100', 'USD'), hop('posted', '100.0000', 'USD')])).toEqual([]);
  });

  it('reports each change between consecutive hops with from, to and an exact difference', () => {
    const hops = [
      hop('emitted', '1234567890123.4567', 'USD', 'coupa'),
      hop('transformed', '1234567890123.4567', 'USD', 'mulesoft'),
      hop('posted', '1234567890124.0067', 'USD'),
    ];
    expect(amountDrift(hops)).toEqual([
      {
        currency: 'USD',
        from: '1234567890123.4567',
        to: '1234567890124.0067',
        difference: '0.5500',
        fromHop: { index: 1, flow: 'coupa-to-netsuite', stage: 'transformed', system: 'mulesoft', occurredAt: '2026-11-02T10:00:00.000Z' },
        toHop: { index: 2, flow: 'coupa-to-netsuite', stage: 'posted', system: 'netsuite', occurredAt: '2026-11-02T10:00:00.000Z' },
      },
    ]);
  });

  it('subtracts exactly where binary floating point would not (0.3 - 0.1)', () => {
    const [d] = amountDrift([hop('emitted', '0.1', 'EUR'), hop('posted', '0.3', 'EUR')]);
    expect(d?.difference).toBe('0.2');
  });

  it('keeps 28 significant digits exact', () => {
    const [d] = amountDrift([hop('emitted', '999999999999999999.9999999999', 'USD'), hop('posted', '-999999999999999999.9999999999', 'USD')]);
    expect(d?.difference).toBe('-1999999999999999999.9999999998');
  });

  it('compares within a currency and skips hops in other currencies and hops without amounts', () => {
    const drift = amountDrift([
      hop('emitted', '100.00', 'USD'),
      hop('transformed', '92.10', 'EUR'),
      hop('validated', null, null),
      hop('posted', '95.00', 'USD'),
      hop('published', '92.10', 'EUR'),
    ]);
    expect(drift.map((d) => [d.currency, d.from, d.to, d.difference, d.fromHop.index, d.toHop.index])).toEqual([['USD', '100.00', '95.00', '-5.00', 0, 3]]);
  });

  it('reports a change back as a second drift', () => {
    const drift = amountDrift([hop('emitted', '10', 'GBP'), hop('transformed', '12.5', 'GBP'), hop('posted', '10', 'GBP')]);
    expect(drift.map((d) => d.difference)).toEqual(['2.5', '-2.5']);
  });
});
