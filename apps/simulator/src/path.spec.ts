import { DELIVERY_AFTER, pathOf, QUICK, WORK } from './path';

describe(pathOf.name, () => {
  it('walks the table in order: the first step starts at once, the next after a quick hand-over, each taking the usual work time', () => {
    const path = pathOf([
      ['emitted', 'crm', 'order won', 'approved'],
      ['received', 'ipaas', 'receive order', null],
    ]);
    expect(path).toEqual([
      { stage: 'emitted', system: 'crm', name: 'order won', afterMs: [0, 0], durationMs: WORK, dataStatus: 'approved', mapped: false },
      { stage: 'received', system: 'ipaas', name: 'receive order', afterMs: QUICK, durationMs: WORK, dataStatus: null, mapped: false },
    ]);
  });

  it('applies the mapping from the transformed step on, and only a delivery makes an HTTP call', () => {
    const path = pathOf([
      ['emitted', 'crm', 'order won', 'approved'],
      ['transformed', 'ipaas', 'map order', null],
      ['validated', 'ipaas', 'check order', 'approved'],
      ['posted', 'erp', 'create order', 'posted', { durationMs: [80, 600], post: 'https://erp.example/orders' }],
    ]);
    expect(path.map((h) => h.mapped)).toEqual([false, true, true, true]);
    expect(path.map((h) => h.call ?? null)).toEqual([null, null, null, { method: 'POST', url: 'https://erp.example/orders' }]);
    expect(path[3]).toMatchObject({ afterMs: DELIVERY_AFTER, durationMs: [80, 600] });
    expect('call' in path[2]!).toBe(false);
  });

  it('takes the timings a row gives instead of the usual ones', () => {
    const [, loaded] = pathOf([
      ['emitted', 'billing', 'invoice.paid', 'posted'],
      ['received', 'warehouse', 'load events', null, { afterMs: [400, 2500], durationMs: [200, 900] }],
    ]);
    expect(loaded).toMatchObject({ afterMs: [400, 2500], durationMs: [200, 900] });
  });
});
