import { SqlFilter } from './sql-filter';

describe(SqlFilter.name, () => {
  it('numbers the placeholders in order and skips undefined values', () => {
    const f = new SqlFilter().add('a = $?', 'x').add('b = $?', undefined).add('c < $?::bigint', '10').always('d is null');
    expect(f.where()).toBe('where a = $1 and c < $2::bigint and d is null');
    expect(f.param(51)).toBe('$3');
    expect(f.params).toEqual(['x', '10', 51]);
  });

  it('keeps values out of the SQL text, even ones that look like replacement patterns', () => {
    const f = new SqlFilter().add('a = $?', "$1' or 1=1 --");
    expect(f.where()).toBe('where a = $1');
    expect(f.params).toEqual(["$1' or 1=1 --"]);
  });

  it('answers no where clause without conditions', () => {
    expect(new SqlFilter().where()).toBe('');
  });
});
