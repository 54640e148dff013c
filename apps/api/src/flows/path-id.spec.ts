import { ApiError } from '../common/api-error';
import { withPathId } from './path-id';

describe(withPathId.name, () => {
  it('fills a missing id from the path and keeps a matching one', () => {
    expect(withPathId({ name: 'x' }, 'a')).toEqual({ name: 'x', id: 'a' });
    expect(withPathId({ id: 'a' }, 'a')).toEqual({ id: 'a' });
  });

  it('refuses a different id, naming the field', () => {
    expect(() => withPathId({ id: 'b' }, 'a')).toThrow(ApiError);
    try {
      withPathId({ id: 'b' }, 'a');
    } catch (err) {
      expect((err as ApiError).details).toEqual([{ field: 'id', message: expect.stringContaining('must match') }]);
    }
  });

  it('leaves non-objects for the schema to refuse', () => {
    expect(withPathId([1], 'a')).toEqual([1]);
    expect(withPathId('text', 'a')).toBe('text');
  });
});
