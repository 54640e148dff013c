import { materialityChanged } from './materiality-change';

const m = (amount: string, currency = 'USD') => ({ materiality: { amount, currency } });
const none = { materiality: null };

describe(materialityChanged.name, () => {
  it('compares amounts as exact decimals', () => {
    expect(materialityChanged(m('1000.00'), m('1000'))).toBe(false);
    expect(materialityChanged(m('1000.00'), m('1000.01'))).toBe(true);
  });

  it('sees a currency change', () => {
    expect(materialityChanged(m('1000'), m('1000', 'EUR'))).toBe(true);
  });

  it('sees materiality set or removed, not two absent ones', () => {
    expect(materialityChanged(none, m('1'))).toBe(true);
    expect(materialityChanged(m('1'), none)).toBe(true);
    expect(materialityChanged(none, none)).toBe(false);
  });
});
