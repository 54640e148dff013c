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

describe(`${ExactSum.name} fast path`, () => {
  it('gives the same sums as the bigint path across scales, signs and the running part carried over', () => {
    const values = ['12.5', '-0.75', '+3', '999999999999.999', '5.', '0.001', '-0', '123456789012345'];
    const fast = new ExactSum();
    for (let i = 0; i < 20_000; i++) fast.add(values[i % values.length]);
    const slow = new ExactSum();
    for (let i = 0; i < 20_000; i++) slow.add(` ${values[i % values.length]} `); // whitespace: the regular path
    expect(fast.toString()).toBe(slow.toString());
    expect(fast.toString()).toBe('311141972530911875');
  });

  it('leaves to the regular path what it does not read: exponents, leading points, 16 digits and more', () => {
    const sum = new ExactSum();
    for (const v of ['.5', '1e3', '1234567890123456.7', '9007199254740993']) expect(sum.add(v)).toBe(true);
    expect(sum.toString()).toBe('10241767144865450.2');
    expect(sum.add('1.2.3')).toBe(false);
    expect(sum.add('-')).toBe(false);
  });
});
