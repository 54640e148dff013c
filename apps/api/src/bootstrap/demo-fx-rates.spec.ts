import { demoFxRates } from './demo-fx-rates';

describe(demoFxRates.name, () => {
  it('dates USD rates at the month ends before now, with four decimals', () => {
    const docs = demoFxRates(new Date('2026-12-07T02:00:00Z'), 3);
    expect(docs.map((d) => d.date)).toEqual(['2026-11-30', '2026-10-31', '2026-09-30']);
    for (const d of docs) {
      expect(d.base).toBe('USD');
      expect(Object.keys(d.rates)).toEqual(['EUR', 'GBP', 'MXN', 'CAD', 'CHF']);
      for (const r of Object.values(d.rates)) expect(r).toMatch(/^\d+\.\d{4}$/);
    }
    expect(demoFxRates(new Date('2026-12-07T02:00:00Z'), 3)).toEqual(docs);
  });
});
