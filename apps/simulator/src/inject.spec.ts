import { type InjectOptions, plannedInjection } from './inject';

const base: InjectOptions = {
  url: 'http://x',
  key: 'k',
  fault: 'erp_outage',
  flow: 'coupa-to-oracle-invoices',
  entity: 'DE01',
  period: '2026-11',
  amount: '250000.00',
  currency: 'EUR',
  recordKey: 'INV-INJECTED-1',
  seed: 1,
};

describe('plannedInjection', () => {
  it('is the flow record asked for, with the fault: an ERP outage ends dead-lettered, never posted', () => {
    const j = plannedInjection(base, new Date('2026-12-07T10:00:00Z'));
    expect(j).toMatchObject({ flow: 'coupa-to-oracle-invoices', recordKey: 'INV-INJECTED-1', fault: 'erp_outage' });
    expect(j.hops.every((h) => h.entity === 'DE01' && h.period === '2026-11' && h.amount === '250000.00' && h.currency === 'EUR')).toBe(true);
    expect(j.hops.at(-1)?.stage).toBe('dead_lettered');
    expect(j.hops.some((h) => h.stage === 'posted')).toBe(false);
  });

  it('refuses a flow, fault or entity that does not fit, naming the choices', () => {
    expect(() => plannedInjection({ ...base, flow: 'nope' }, new Date())).toThrow(/unknown flow nope; choose from .*coupa-to-oracle-invoices/);
    expect(() => plannedInjection({ ...base, entity: 'MX01' }, new Date())).toThrow('--entity: coupa-to-oracle-invoices serves');
    expect(() => plannedInjection({ ...base, flow: 'oracle-to-coupa-suppliers' }, new Date())).toThrow(/carry no amount|does not apply/);
  });
});
