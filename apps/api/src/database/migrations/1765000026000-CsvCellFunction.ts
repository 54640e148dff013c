import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `closewatch_csv_cell(text)`: one CSV cell exactly as `csvCell` (common/csv.ts) writes a text
 * value (empty for NULL; a leading apostrophe before text a spreadsheet would run as a formula,
 * unless it is a plain number; quoted, quotes doubled, when it holds a comma, a quote or a line
 * break), so an export can be written by PostgreSQL and streamed through untouched
 * (audit.queries.ts, exportLines). An immutable SQL function of one expression: the planner
 * inlines it. `common/csv-sql.int-spec.ts` checks it against csvCell.
 */
export class CsvCellFunction1765000026000 implements MigrationInterface {
  name = 'CsvCellFunction1765000026000';

  async up(q: QueryRunner): Promise<void> {
    // The apostrophe before a would-be formula, then the quotes when the value needs them.
    const guarded = `case when v ~ '^[=+\\-@\\t\\r]' and v !~ '^[-+]?[0-9]+(\\.[0-9]+)?$' then '''' || v else v end`;
    await q.query(`
      create function closewatch_csv_cell(v text) returns text
        language sql immutable parallel safe
        return case
          when v is null then ''
          when v ~ '[",\\r\\n]' then '"' || replace(${guarded}, '"', '""') || '"'
          else ${guarded}
        end`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function closewatch_csv_cell(text)`);
  }
}
