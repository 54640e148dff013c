import { createReadStream, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse';
import { type Row } from '@closewatch/recon/field-mapping';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { type CsvDataset } from '@closewatch/contracts/recon';
import { fromDecimalComma } from './numeric-fields';
import { fillTemplate } from './query-params';
import { ReconRunFailure } from '../runs/run-failure';

export interface CsvSideOptions {
  dataset: CsvDataset;
  scope: Readonly<Record<string, string>>;
  /** CLOSEWATCH_CSV_DIR: paths resolve under it and may not leave it. */
  csvDir: string | undefined;
  /** Where uploaded files are. */
  uploadDir: string;
  /** Raw field names that carry numbers (converted when the file uses a decimal comma). */
  numericFields: ReadonlySet<string>;
  /** Longest record in characters (csv-parse's max_record_size): an unterminated quote fails the run instead of buffering the file. */
  maxRecordChars: number;
  signal?: AbortSignal;
}

/**
 * The file of a csv dataset: a path under CLOSEWATCH_CSV_DIR (with `:period`-style scope
 * parameters filled in; `..` and symbolic links that lead outside are refused), or an uploaded
 * file by id.
 */
export function csvFilePath(o: Pick<CsvSideOptions, 'dataset' | 'scope' | 'csvDir' | 'uploadDir'>): string {
  if (o.dataset.file) return resolve(o.uploadDir, `${o.dataset.file}.csv`);
  if (!o.csvDir) throw new ReconRunFailure('file_failed', 'csv datasets by path need CLOSEWATCH_CSV_DIR to be set');
  const path = fillTemplate(o.dataset.path ?? '', o.scope);
  const root = resolve(o.csvDir);
  const full = resolve(root, path);
  if (!inside(root, full)) throw new ReconRunFailure('file_failed', `csv path ${path} is outside CLOSEWATCH_CSV_DIR`);
  return full;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * A csv dataset as the engine's side input: parsed as a stream by csv-parse (RFC 4180 quoting,
 * BOM, header or given columns, delimiter and quote options), unsorted (the engine sorts it).
 * Empty cells are null; numbers written with a decimal comma are converted for numeric fields.
 */
export function csvSide(o: CsvSideOptions): SideInput {
  return { sorted: false, rows: csvRows(o) };
}

async function* csvRows(o: CsvSideOptions): AsyncGenerator<Row> {
  const path = csvFilePath(o);
  try {
    const real = realpathSync(path);
    if (!o.dataset.file && o.csvDir && !inside(realpathSync(o.csvDir), real))
      throw new ReconRunFailure('file_failed', `csv path ${o.dataset.path} leads outside CLOSEWATCH_CSV_DIR`);
    if (!statSync(real).isFile()) throw new ReconRunFailure('file_failed', `csv path ${o.dataset.path} is not a file`);
  } catch (err) {
    if (err instanceof ReconRunFailure) throw err;
    throw new ReconRunFailure(
      'file_failed',
      o.dataset.file ? `uploaded file ${o.dataset.file} is not there` : `csv file ${o.dataset.path} does not exist under CLOSEWATCH_CSV_DIR`,
    );
  }
  const comma = o.dataset.decimalSeparator === ',';
  // The line the last complete record (or the header) ended on: an oversize record starts after it.
  let lastLine = 0;
  const parser = parse({
    columns: o.dataset.header === false ? o.dataset.columns : true,
    delimiter: o.dataset.delimiter ?? ',',
    quote: o.dataset.quote ?? '"',
    bom: true,
    skip_empty_lines: true,
    max_record_size: o.maxRecordChars,
    on_record: (record, context) => {
      lastLine = context.lines;
      return record;
    },
    cast: (value, context) => {
      if (context.header) {
        lastLine = context.lines;
        return value;
      }
      if (value === '' && !context.quoting) return null;
      if (comma && typeof context.column === 'string' && o.numericFields.has(context.column)) return fromDecimalComma(value);
      return value;
    },
  });
  const input = createReadStream(path, { encoding: o.dataset.encoding === 'latin1' ? 'latin1' : 'utf8' });
  input.on('error', (err) => parser.destroy(err));
  const onAbort = () => input.destroy(o.signal?.reason instanceof Error ? o.signal.reason : new Error('cancelled'));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    input.pipe(parser);
    for await (const record of parser as AsyncIterable<Row>) yield record;
  } catch (err) {
    o.signal?.throwIfAborted();
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      throw new ReconRunFailure(
        'file_failed',
        `csv ${o.dataset.path ?? o.dataset.file}: the record starting at line ${lastLine + 1} is longer than ${o.maxRecordChars} characters (still open at line ${e.lines}; an unterminated quote is the usual cause; the limit is CLOSEWATCH_RECON_CSV_MAX_RECORD_CHARS)`,
      );
    }
    if (e.code && e.code.startsWith('CSV_')) throw new ReconRunFailure('file_failed', `csv ${o.dataset.path ?? o.dataset.file}: ${e.message ?? e.code}`);
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    input.destroy();
    parser.destroy();
  }
}
