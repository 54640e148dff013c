import { type Client, type FieldDef } from 'pg';
import { type KeyColumnFacts, ownCollationChoice } from './key-order-choice';

/**
 * Strings whose order differs between "C" (code points: the engine's key order) and the
 * collations databases are usually made with (en_US.UTF-8, ICU, de_DE…): case, accents and
 * combining marks, punctuation and spaces (ignored at the first level by linguistic collations),
 * digits, ligatures, dotted and dotless i, private-use and non-BMP characters, the empty string.
 * A collation that orders all of them as "C" does is taken to be code point order (glibc's
 * C.UTF-8, PostgreSQL's ucs_basic); the engine verifies the order anyway.
 */
export const COLLATION_PROBE: readonly string[] = [
  '',
  ' a',
  'a ',
  'a',
  'A',
  'b',
  'B',
  'ab',
  'aB',
  'a-b',
  'a_b',
  'a b',
  '-a',
  '_a',
  '~',
  '{',
  '1',
  '10',
  '2',
  'e',
  'E',
  'é',
  'É',
  'e\u0301',
  'ä',
  'z',
  'Z',
  'ß',
  'ss',
  'ﬁ',
  'fi',
  'i',
  'I',
  'İ',
  'ı',
  'ω',
  'Ω',
  '\u00a0a',
  '\t',
  '\uE000',
  '\uFFFD',
  '😀',
  'ǅ',
];

const TEXT_TYPES = new Set([25 /* text */, 1043 /* varchar */]);

/**
 * Whether a side's key is ordered by its columns' own collation (ownCollationChoice decides)
 * rather than `COLLATE "C"`, so that an index in that collation serves the ORDER BY and the range
 * bounds. `fields` describe the side's statement; `columns` are its string key fields read as is,
 * the first key field first. Reads the catalog and pg_stats, and orders COLLATION_PROBE in each
 * column's collation; nothing of the data.
 */
export async function ownCollationOrder(c: Client, fields: readonly FieldDef[], columns: readonly string[]): Promise<true | string> {
  const facts: KeyColumnFacts[] = [];
  for (const name of columns) {
    const field = fields.find((f) => f.name === name);
    const fact: KeyColumnFacts = {
      name,
      tableColumn: Boolean(field?.tableID && field.columnID),
      textType: field !== undefined && TEXT_TYPES.has(field.dataTypeID),
      collation: null,
      isC: false,
      deterministic: false,
      indexed: false,
      correlation: null,
      ordersLikeC: false,
    };
    facts.push(fact);
    if (!fact.tableColumn || !fact.textType) break;
    const { rows } = await c.query(
      `select quote_ident(n.nspname) || '.' || quote_ident(co.collname) as collation, co.collname in ('C', 'POSIX') as "isC",
              co.collisdeterministic as deterministic,
              exists (select 1 from pg_index i
                       where i.indrelid = a.attrelid and i.indkey[0] = a.attnum and i.indcollation[0] = a.attcollation
                         and i.indpred is null and i.indisvalid) as indexed,
              (select s.correlation from pg_stats s
                where s.schemaname = tn.nspname and s.tablename = t.relname and s.attname = a.attname order by s.inherited limit 1) as correlation
         from pg_attribute a
         join pg_class t on t.oid = a.attrelid
         join pg_namespace tn on tn.oid = t.relnamespace
         join pg_collation co on co.oid = a.attcollation
         join pg_namespace n on n.oid = co.collnamespace
        where a.attrelid = $1 and a.attnum = $2`,
      [field!.tableID, field!.columnID],
    );
    const row = rows[0] as Omit<KeyColumnFacts, 'name' | 'tableColumn' | 'textType' | 'ordersLikeC'> | undefined;
    if (!row) break;
    Object.assign(fact, row);
    const probe = await c.query(
      `select array(select v from unnest($1::text[]) as p(v) order by v collate ${row.collation!}) =
              array(select v from unnest($1::text[]) as p(v) order by v collate "C") as same`,
      [COLLATION_PROBE],
    );
    fact.ordersLikeC = (probe.rows[0] as { same: boolean }).same;
  }
  return ownCollationChoice(facts);
}
