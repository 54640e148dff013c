import { bindQuery, fillTemplate, QueryParameterError, queryParameterNames } from './query-params';

describe(bindQuery.name, () => {
  it('turns :name parameters into bind parameters, reusing the number of a repeated name', () => {
    expect(bindQuery('select * from t where period = :period and entity = :entity or p2 = :period', { period: '2026-11', entity: 'US01' })).toEqual({
      text: 'select * from t where period = $1 and entity = $2 or p2 = $1',
      values: ['2026-11', 'US01'],
      names: ['period', 'entity'],
    });
  });

  it('never splices values into the text, whatever they contain', () => {
    const bound = bindQuery('select 1 where x = :p', { p: "'; drop table t; --" });
    expect(bound.text).toBe('select 1 where x = $1');
    expect(bound.values).toEqual(["'; drop table t; --"]);
  });

  it('leaves colons in casts, strings, quoted identifiers, comments and dollar quotes alone', () => {
    const sql = [
      "select a::text, ':notparam' as s, E'\\':x' as e, \"col:umn\" as q, $$ :dollar $$ as d, $tag$ :tagged $tag$ as t",
      '-- :comment',
      '/* :block /* :nested */ :still */ from t where a = :real',
    ].join('\n');
    const bound = bindQuery(sql, { real: 'v' });
    expect(bound.names).toEqual(['real']);
    expect(bound.text).toBe(sql.replace(':real', '$1'));
  });

  it('names a parameter the scope does not define', () => {
    expect(() => bindQuery('select :entity', {})).toThrow(new QueryParameterError('uses :entity, which the scope does not define'));
  });

  it('refuses positional parameters', () => {
    expect(() => bindQuery('select $1', {})).toThrow(QueryParameterError);
  });
});

describe(queryParameterNames.name, () => {
  it('lists the parameters in order of first use', () => {
    expect(queryParameterNames('select :b, :a, :b, x::int')).toEqual(['b', 'a']);
  });
});

describe(fillTemplate.name, () => {
  it('fills only the names the scope defines, encoded as asked', () => {
    expect(fillTemplate('https://erp:8443/api?p=:period&e=:entity&x=:other', { period: '2026-11', entity: 'A&B' }, encodeURIComponent)).toBe(
      'https://erp:8443/api?p=2026-11&e=A%26B&x=:other',
    );
    expect(fillTemplate('exports/invoices-:period.csv', { period: '2026-11' })).toBe('exports/invoices-2026-11.csv');
  });
});
