import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvSide } from './connector-csv';
import { ReconRunFailure } from '../runs/run-failure';

describe(csvSide.name, () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cw-csv-spec-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const read = async (text: string, maxRecordChars: number) => {
    writeFileSync(join(dir, 'f.csv'), text);
    const rows: unknown[] = [];
    for await (const row of csvSide({
      dataset: { connector: 'csv', path: 'f.csv' },
      scope: {},
      csvDir: dir,
      uploadDir: dir,
      numericFields: new Set(),
      maxRecordChars,
    }).rows)
      rows.push(row);
    return rows;
  };

  it('fails a record longer than the limit (an unterminated quote) naming the line it starts on, without reading on', async () => {
    const text = `id,name\n1,Acme\n2,"Globex\n${'x,y,z\n'.repeat(2000)}`;
    const err = await read(text, 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconRunFailure);
    expect((err as ReconRunFailure).code).toBe('file_failed');
    expect((err as ReconRunFailure).message).toMatch(
      /^csv f\.csv: the record starting at line 3 is longer than 1024 characters .*CLOSEWATCH_RECON_CSV_MAX_RECORD_CHARS/,
    );
  });

  it('reads records within the limit', async () => {
    expect(await read(`id,name\n1,"Acme ""quoted""\n, Inc"\n`, 1024)).toEqual([{ id: '1', name: 'Acme "quoted"\n, Inc' }]);
  });
});
