import { ExactSum } from './exact-sum';

describe(ExactSum.name, () => {
  it('adds decimals exactly, growing the scale as needed', () => {
    const sum = new ExactSum();
    for (const v of ['0.1', 0.2, '-0.3', 10n, '1e2', '0.000000000000000000001']) expect(sum.add(v)).toBe(true);
    expect(sum.toString()).toBe('110.000000000000000000001');
  });

  it('keeps sums of large amounts exact past 2^53 and past 20 significant digits', () => {
    const sum = new ExactSum();
    for (let i = 0; i < 1000; i++) sum.add('99999999999999999.99');
    expect(sum.toString()).toBe('99999999999999999990');
  });

  it('refuses what is not a number and prints zero and negatives plainly', () => {
    const sum = new ExactSum();
    expect(sum.add('abc')).toBe(false);
    expect(sum.add({})).toBe(false);
    expect(sum.toString()).toBe('0');
    sum.add('-0.50');
    expect(sum.toString()).toBe('-0.5');
  });
});
