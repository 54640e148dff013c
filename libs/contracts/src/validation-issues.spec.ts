import { z } from 'zod';
import { formatIssuePath, issueDetails } from './validation-issues';

describe('formatIssuePath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatIssuePath(['flows', 3, 'slo', 'maxLagSeconds'])).toBe('flows[3].slo.maxLagSeconds');
    expect(formatIssuePath([0, 'id'])).toBe('[0].id');
    expect(formatIssuePath([])).toBe('body');
    expect(formatIssuePath([], 'query')).toBe('query');
  });
});

describe('issueDetails', () => {
  it('names unknown keys one by one, missing fields as required, and applies the prefix', () => {
    const schema = z.object({ a: z.string(), b: z.number() }).strict();
    const r = schema.safeParse({ b: 'x', c: 1, d: 2 });
    expect(r.success).toBe(false);
    expect(issueDetails(r.error!, ['flows', 2])).toEqual([
      { field: 'flows[2].a', message: 'is required' },
      { field: 'flows[2].b', message: expect.stringContaining('expected number') },
      { field: 'flows[2].c', message: 'is not a known field' },
      { field: 'flows[2].d', message: 'is not a known field' },
    ]);
  });
});
