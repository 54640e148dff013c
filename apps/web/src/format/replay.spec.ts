import { replayCoverage } from './replay';

describe(replayCoverage.name, () => {
  it('says how many records and how much, per currency, exactly', () => {
    expect(replayCoverage(3, [{ amount: '12400.00', currency: 'EUR' }])).toBe('3 failed records · 12,400.00 EUR');
    expect(
      replayCoverage(2, [
        { amount: '1200', currency: 'EUR' },
        { amount: '12345678901234.10', currency: 'USD' },
      ]),
    ).toBe('2 failed records · 1,200 EUR + 12,345,678,901,234.10 USD');
    expect(replayCoverage(1, [])).toBe('1 failed record');
  });
});
