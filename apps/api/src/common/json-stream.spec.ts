import { jsonArrayClosing, jsonArrayItem, jsonArrayOpening } from './json-stream';

describe(jsonArrayOpening.name, () => {
  it('streams a document that parses as a whole, one item to a line', () => {
    const items = [{ a: 1 }, { b: 'x\ny' }, null];
    const text = jsonArrayOpening({ exportedAt: 't', filters: { flow: 'f' } }, 'breaks') + items.map(jsonArrayItem).join('') + jsonArrayClosing(items.length);
    expect(JSON.parse(text)).toEqual({ exportedAt: 't', filters: { flow: 'f' }, breaks: items, count: 3 });
    expect(text.split('\n')).toHaveLength(items.length + 5);
  });

  it('writes an empty array and no members', () => {
    expect(JSON.parse(jsonArrayOpening({}, 'hops') + jsonArrayClosing(0))).toEqual({ hops: [], count: 0 });
  });
});
