import { fillTemplate } from './query-params';

describe(fillTemplate.name, () => {
  it('fills only the names the scope defines, encoded as asked', () => {
    expect(fillTemplate('https://erp:8443/api?p=:period&e=:entity&x=:other', { period: '2026-11', entity: 'A&B' }, encodeURIComponent)).toBe(
      'https://erp:8443/api?p=2026-11&e=A%26B&x=:other',
    );
    expect(fillTemplate('exports/invoices-:period.csv', { period: '2026-11' })).toBe('exports/invoices-2026-11.csv');
  });
});
