import { earliestBreak } from './audit-break-order';

describe('earliestBreak', () => {
  it('is undefined when nothing was found', () => {
    expect(earliestBreak([])).toBeUndefined();
  });

  it('answers the break at the earliest entry, naming the missing id for a gap', () => {
    expect(
      earliestBreak([
        { rowId: 9, kind: 'hash' },
        { rowId: 5, kind: 'gap', missingId: 4 },
      ]),
    ).toEqual({
      rowId: 5,
      firstBrokenId: 4,
      reason: 'gap',
      entries: 3,
    });
    expect(
      earliestBreak([
        { rowId: 7, kind: 'checkpoint' },
        { rowId: 8, kind: 'prev_hash' },
      ]),
    ).toMatchObject({ firstBrokenId: 7, reason: 'hash_mismatch', entries: 6 });
  });

  it('at one entry, checks in the entry-by-entry order: gap, previous hash, hash, checkpoint', () => {
    expect(
      earliestBreak([
        { rowId: 3, kind: 'hash' },
        { rowId: 3, kind: 'prev_hash' },
      ]),
    ).toMatchObject({ reason: 'prev_hash_mismatch', firstBrokenId: 3, entries: 2 });
    expect(
      earliestBreak([
        { rowId: 3, kind: 'checkpoint' },
        { rowId: 3, kind: 'hash' },
      ]),
    ).toMatchObject({ reason: 'hash_mismatch', firstBrokenId: 3 });
    expect(
      earliestBreak([
        { rowId: 3, kind: 'prev_hash' },
        { rowId: 3, kind: 'gap', missingId: 2 },
      ]),
    ).toMatchObject({ reason: 'gap', firstBrokenId: 2, entries: 1 });
  });
});
