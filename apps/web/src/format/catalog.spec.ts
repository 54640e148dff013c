import { formatSeconds, humanize } from './catalog';

describe(humanize.name, () => {
  it('turns ids into labels', () => {
    expect(humanize('order_to_cash')).toBe('Order to cash');
    expect(humanize('batch')).toBe('Batch');
  });
});

describe(formatSeconds.name, () => {
  it.each([
    [45, '45 s'],
    [900, '15 min'],
    [5400, '1 h 30 min'],
    [14_400, '4 h'],
    [172_800, '2 d'],
    [90_061, '1 d 1 h 1 min'],
  ])('%p s is %s', (s, text) => {
    expect(formatSeconds(s)).toBe(text);
  });
});
