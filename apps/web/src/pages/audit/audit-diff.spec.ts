import { auditDiff, diffValue } from './audit-diff';

describe(auditDiff.name, () => {
  it('names each changed, added and removed field by its path, nested objects included', () => {
    expect(
      auditDiff(
        { status: 'acknowledged', assigneeId: null, match: { flow: 'a', severity: 'high' }, receivers: ['x'] },
        { status: 'resolved', assigneeId: null, match: { flow: 'b' }, receivers: ['x', 'y'], reason: 'resent' },
      ),
    ).toEqual([
      { path: 'match.flow', kind: 'changed', before: 'a', after: 'b' },
      { path: 'match.severity', kind: 'removed', before: 'high', after: undefined },
      { path: 'reason', kind: 'added', before: undefined, after: 'resent' },
      { path: 'receivers', kind: 'changed', before: ['x'], after: ['x', 'y'] },
      { path: 'status', kind: 'changed', before: 'acknowledged', after: 'resolved' },
    ]);
  });

  it('shows a creation as every field added and a deletion as every field removed', () => {
    expect(auditDiff(null, { name: 'r1', order: 1 })).toEqual([
      { path: 'name', kind: 'added', before: undefined, after: 'r1' },
      { path: 'order', kind: 'added', before: undefined, after: 1 },
    ]);
    expect(auditDiff({ name: 'r1' }, null)).toEqual([{ path: 'name', kind: 'removed', before: 'r1', after: undefined }]);
  });

  it('finds nothing when both sides are equal or empty', () => {
    expect(auditDiff({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
    expect(auditDiff(null, null)).toEqual([]);
  });

  it('compares values that are not objects as a whole', () => {
    expect(auditDiff('a', 'b')).toEqual([{ path: '(value)', kind: 'changed', before: 'a', after: 'b' }]);
  });
});

describe(diffValue.name, () => {
  it('shows strings as they are and other values as JSON', () => {
    expect(diffValue('resolved')).toBe('resolved');
    expect(diffValue(null)).toBe('null');
    expect(diffValue({ a: 1 })).toBe('{"a":1}');
    expect(diffValue(undefined)).toBe('—');
  });
});
