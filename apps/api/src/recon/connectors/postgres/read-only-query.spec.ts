import { bindScope, inlineScope, parameterNames } from './checked-query';
import { checkQuerySync, loadQueryParser, ReadOnlyQueryError } from './read-only-query';
import { QueryParameterError } from '../query-params';

beforeAll(() => loadQueryParser());

const rejection = (sql: string): string => {
  try {
    checkQuerySync(sql);
  } catch (err) {
    if (err instanceof ReadOnlyQueryError || err instanceof QueryParameterError) return err.message;
    throw err;
  }
  throw new Error(`accepted: ${sql}`);
};

describe(checkQuerySync.name, () => {
  it('accepts one SELECT, with WITH, set operations, VALUES, subqueries and a trailing semicolon', () => {
    for (const sql of [
      'select * from invoices where period = :period;',
      'with x as (select 1 as a) select a from x union all select 2',
      'values (1, 2)',
      "select (select max(amount) from t2 where t2.k = t.k), now(), pg_sleep(0), current_setting('TimeZone') from t",
      '/* before */ select 1 -- after\n;;',
    ]) {
      expect(() => checkQuerySync(sql)).not.toThrow();
    }
  });

  it('rejects more than one statement, whatever ends the first', () => {
    expect(rejection('select 1 ; commit; delete from gl; select 1')).toMatch(/exactly one statement, not 4/);
    expect(rejection('select 1; select 2')).toMatch(/exactly one statement, not 2/);
  });

  it('rejects statements other than SELECT, and data-modifying WITH', () => {
    expect(rejection('commit')).toMatch(/not transaction control/);
    expect(rejection('delete from gl')).toMatch(/not DELETE/);
    expect(rejection('set statement_timeout = 0')).toMatch(/not SET/);
    expect(rejection('with d as (delete from gl returning *) select * from d')).toMatch(/DELETE/);
    expect(rejection('with d as (insert into gl values (1) returning *) select * from d')).toMatch(/INSERT/);
    expect(rejection('select * into copy_of_gl from gl')).toMatch(/SELECT INTO/);
    expect(rejection('select * from gl for update')).toMatch(/lock rows/);
    expect(rejection('select * from (select * from gl for share) s')).toMatch(/lock rows/);
  });

  it('rejects functions that change settings, escape the transaction or run SQL text', () => {
    expect(rejection("select set_config('statement_timeout', '0', false)")).toMatch(/set_config\(\): it changes/);
    expect(rejection("select * from pg_catalog.SET_CONFIG('transaction_read_only', 'off', true)")).toMatch(/set_config/);
    expect(rejection("select dblink_exec('dbname=x', 'delete from gl')")).toMatch(/dblink_exec/);
    expect(rejection("select query_to_xml('select 1', true, true, '')")).toMatch(/query_to_xml/);
    expect(rejection("select nextval('s')")).toMatch(/nextval/);
    expect(rejection('select pg_advisory_lock(1)')).toMatch(/advisory/);
    expect(() => checkQuerySync('select 1 from t cross join (select pg_advisory_xact_lock_shared(7)) gate')).not.toThrow();
    expect(rejection('select pg_terminate_backend(1)')).toMatch(/signals/);
  });

  it('rejects text that is not SQL, empty, or holds a NUL', () => {
    expect(rejection("select 'abc")).toMatch(/not valid SQL: unterminated quoted string/);
    expect(rejection('-- nothing')).toMatch(/no statement/);
    expect(rejection('select 1 \u0000; delete from gl')).toMatch(/NUL/);
    expect(rejection('select $1')).toMatch(/positional parameter/);
  });

  it('finds the parameters where the scanner finds them: strings, identifiers, dollar quotes, comments and casts hold none', () => {
    const sql = [
      "select a::text, ':notparam' as s, E'\\':x' as e, \"col:umn\" as q, $$ :dollar $$ as d, $tag$ :tagged $tag$ as t",
      '-- :comment',
      '/* :block /* :nested */ :still */ from t where a = :real and b = :other',
    ].join('\n');
    expect(checkQuerySync(sql).slots).toEqual(['real', 'other']);
  });

  // Counterexamples to the hand-written tokenizer this replaced: it read each of these otherwise than PostgreSQL.
  it('ends a -- comment at a carriage return, as PostgreSQL does', () => {
    const q = checkQuerySync("select 1 as a -- note\r, ' \n , :p as b -- '\n");
    expect(q.slots).toEqual([]);
    expect(checkQuerySync('select 1 as a -- note\r, :p as b').slots).toEqual(['p']);
  });

  it('reads backslashes in plain strings as standard_conforming_strings on reads them', () => {
    expect(checkQuerySync("select '\\' as a, :p as b").slots).toEqual(['p']);
    expect(checkQuerySync("select E'\\' as a, :p as b, ' as c").slots).toEqual([]);
  });

  it("reads E' and $$ after a non-ASCII identifier character as part of the identifier or a plain string", () => {
    // éE is one identifier (here a type name), so '\' is a plain string that ends at its second quote.
    expect(checkQuerySync("select éE'\\', :p as b").slots).toEqual(['p']);
    // é$$ is one identifier: no dollar quote starts there.
    expect(checkQuerySync('select 1 as é$$, :p as b, 2 as c$$').slots).toEqual(['p']);
  });
});

describe(bindScope.name, () => {
  it('binds each name to one $n, repeated names reusing it', () => {
    const q = checkQuerySync('select * from t where period = :period and entity = :entity or p2 = :period');
    expect(bindScope(q, { period: '2026-11', entity: 'US01' })).toEqual({
      text: 'select * from t where period =  $1  and entity =  $2  or p2 =  $1 ',
      values: ['2026-11', 'US01'],
      names: ['period', 'entity'],
    });
    expect(parameterNames(q)).toEqual(['period', 'entity']);
  });

  it('names a parameter the scope does not define', () => {
    expect(() => bindScope(checkQuerySync('select :entity'), {})).toThrow(new QueryParameterError('uses :entity, which the scope does not define'));
  });
});

describe(inlineScope.name, () => {
  it('inlines quoted literals with a space either side, E-quoted when a value holds a backslash', () => {
    const q = checkQuerySync('select e:p, :p::text, x from t where a = :q');
    expect(inlineScope(q, { p: "O'Neil", q: 'a\\b' })).toBe(`select e 'O''Neil' ,  'O''Neil' ::text, x from t where a =   E'a\\\\b' `);
  });

  it('answers null when a value holds a NUL (it can only be bound)', () => {
    expect(inlineScope(checkQuerySync('select :p'), { p: 'a\u0000b' })).toBeNull();
  });
});
