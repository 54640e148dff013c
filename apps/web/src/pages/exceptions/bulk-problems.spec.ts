import { bulkProblems } from './bulk-problems';

describe(bulkProblems.name, () => {
  it('names each refused exception by its label instead of its id', () => {
    const ids = ['a-1', 'b-2', 'c-3'];
    const lines = bulkProblems(
      [
        { field: 'ids[1]', message: 'b-2: cannot resolve a dismissed exception; reopen it first' },
        { field: 'ids[2]', message: 'c-3: no such exception' },
      ],
      ids,
      (id) => `INV-${id}`,
    );
    expect(lines).toEqual(['INV-b-2: cannot resolve a dismissed exception; reopen it first', 'INV-c-3: no such exception']);
  });

  it('keeps details about other fields as they are', () => {
    expect(bulkProblems([{ field: 'code', message: 'is required' }], ['a'], (id) => id)).toEqual(['code is required']);
  });
});
