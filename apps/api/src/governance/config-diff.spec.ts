import { diffConfig } from './config-diff';

describe(diffConfig.name, () => {
  it('returns nothing for equal snapshots, whatever the key order', () => {
    expect(diffConfig({ a: 1, b: { c: ['x', 'y'] } }, { b: { c: ['x', 'y'] }, a: 1 })).toEqual([]);
  });

  it('names changed, added and removed fields by path, sorted', () => {
    const before = { name: 'P2P', materiality: { amount: '1000.00', currency: 'USD' }, owner: 'ap' };
    const after = { name: 'P2P', materiality: { amount: '2500.00', currency: 'USD' }, tags: ['close'] };
    expect(diffConfig(before, after)).toEqual([
      { path: 'materiality.amount', change: 'changed', before: '1000.00', after: '2500.00' },
      { path: 'owner', change: 'removed', before: 'ap' },
      { path: 'tags', change: 'added', after: ['close'] },
    ]);
  });

  it('compares lists element by element', () => {
    expect(diffConfig({ keys: [{ source: 'id' }, 'cur'] }, { keys: [{ source: 'doc_id' }, 'cur', 'entity'] })).toEqual([
      { path: 'keys[0].source', change: 'changed', before: 'id', after: 'doc_id' },
      { path: 'keys[2]', change: 'added', after: 'entity' },
    ]);
  });

  it('reports a value that changes kind as one change at its path', () => {
    expect(diffConfig({ materiality: { amount: '1' } }, { materiality: null })).toEqual([
      { path: 'materiality', change: 'changed', before: { amount: '1' }, after: null },
    ]);
    expect(diffConfig({ x: [1] }, { x: { 0: 1 } })).toEqual([{ path: 'x', change: 'changed', before: [1], after: { 0: 1 } }]);
  });

  it('treats an absent snapshot as a creation or a deletion of the whole object', () => {
    expect(diffConfig(null, { a: 1 })).toEqual([{ path: '', change: 'added', after: { a: 1 } }]);
    expect(diffConfig({ a: 1 }, null)).toEqual([{ path: '', change: 'removed', before: { a: 1 } }]);
    expect(diffConfig(null, null)).toEqual([]);
  });
});
