import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type KeyedRow } from './keyed-row';

export interface ExternalSortOptions {
  /** Rows held in memory before a sorted run is spilled to disk (default 100 000). */
  runSize?: number;
  /** Where run files go (default the OS temp directory); a private subdirectory is made and removed. */
  tempDir?: string;
  /** Most runs merged at once; more are merged in several passes (default 64). */
  mergeWidth?: number;
  /** Called after each run file is written, with the rows it holds. */
  onRunWritten?: (rows: number) => void;
  signal?: AbortSignal;
}

const READ_CHUNK = 1 << 16;
const WRITE_CHUNK = 1 << 20;

/**
 * Sorts keyed rows by key in bounded memory: the input is cut into runs of at most `runSize`
 * rows, each sorted in memory and written to a temporary file as JSON lines; the runs are then
 * merged k ways with a heap (in several passes when there are more than `mergeWidth`). Input
 * that fits in one run never touches the disk. Ties keep input order (by row index), so the
 * result equals an in-memory stable sort. Memory: one run, plus one read buffer per merged
 * run. The temporary files are removed when the output is consumed, fails or is abandoned.
 */
export async function* externalSort(input: AsyncIterable<KeyedRow>, options: ExternalSortOptions = {}): AsyncGenerator<KeyedRow> {
  const runSize = Math.max(1, options.runSize ?? 100_000);
  const mergeWidth = Math.max(2, options.mergeWidth ?? 64);
  const { signal } = options;
  let dir: string | null = null;
  let fileNo = 0;
  const newFile = async () => {
    dir ??= await mkdtemp(join(options.tempDir ?? tmpdir(), 'closewatch-recon-'));
    return join(dir, `run-${fileNo++}.jsonl`);
  };
  try {
    let runs: string[] = [];
    let buffer: KeyedRow[] = [];
    for await (const row of input) {
      buffer.push(row);
      if (buffer.length >= runSize) {
        runs.push(await writeRun(await newFile(), buffer.sort(byKey)));
        options.onRunWritten?.(buffer.length);
        buffer = [];
      }
    }
    buffer.sort(byKey);
    if (runs.length === 0) {
      yield* buffer;
      return;
    }
    if (buffer.length > 0) {
      runs.push(await writeRun(await newFile(), buffer));
      options.onRunWritten?.(buffer.length);
    }
    buffer = [];
    while (runs.length > mergeWidth) {
      const next: string[] = [];
      for (let i = 0; i < runs.length; i += mergeWidth) {
        const group = runs.slice(i, i + mergeWidth);
        if (group.length === 1) {
          next.push(group[0]);
          continue;
        }
        const path = await newFile();
        await writeRows(path, mergeRuns(group, signal));
        await Promise.all(group.map((p) => rm(p, { force: true })));
        next.push(path);
      }
      runs = next;
    }
    yield* mergeRuns(runs, signal);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

function byKey(a: KeyedRow, b: KeyedRow): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index;
}

function encodeRow(row: KeyedRow): string {
  return JSON.stringify([row.index, row.key, row.keyValues, row.values]);
}

function decodeRow(line: string): KeyedRow {
  const [index, key, keyValues, values] = JSON.parse(line) as [number, string, KeyedRow['keyValues'], KeyedRow['values']];
  return { index, key, keyValues, values };
}

async function writeRun(path: string, rows: KeyedRow[]): Promise<string> {
  await writeRows(path, rows);
  return path;
}

async function writeRows(path: string, rows: Iterable<KeyedRow> | AsyncIterable<KeyedRow>): Promise<void> {
  const file = await open(path, 'wx');
  try {
    let chunk = '';
    for await (const row of rows) {
      chunk += encodeRow(row) + '\n';
      if (chunk.length >= WRITE_CHUNK) {
        await file.write(chunk);
        chunk = '';
      }
    }
    if (chunk) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/** Reads one run file line by line through a fixed-size buffer. */
class RunReader {
  head: KeyedRow | null = null;
  private readonly lines: string[] = [];
  private lineAt = 0;
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly bytes = Buffer.allocUnsafe(READ_CHUNK);
  private eof = false;

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<RunReader> {
    const reader = new RunReader(await open(path, 'r'));
    await reader.advance();
    return reader;
  }

  async advance(): Promise<void> {
    while (this.lineAt >= this.lines.length) {
      if (this.eof) {
        this.head = null;
        return;
      }
      await this.fill();
    }
    this.head = decodeRow(this.lines[this.lineAt++]);
  }

  private async fill(): Promise<void> {
    this.lines.length = 0;
    this.lineAt = 0;
    const { bytesRead } = await this.file.read(this.bytes, 0, READ_CHUNK, null);
    let text = this.rest;
    if (bytesRead === 0) {
      this.eof = true;
      text += this.decoder.end();
    } else text += this.decoder.write(this.bytes.subarray(0, bytesRead));
    const parts = text.split('\n');
    this.rest = this.eof ? '' : (parts.pop() as string);
    for (const p of parts) if (p) this.lines.push(p);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** k-way merge of sorted run files with a binary min-heap on (key, index). */
async function* mergeRuns(paths: string[], signal?: AbortSignal): AsyncGenerator<KeyedRow> {
  const readers: RunReader[] = [];
  try {
    for (const p of paths) readers.push(await RunReader.open(p));
    const heap = readers.filter((r) => r.head !== null);
    const less = (a: RunReader, b: RunReader) => byKey(a.head as KeyedRow, b.head as KeyedRow) < 0;
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    let n = 0;
    while (heap.length > 0) {
      if ((++n & 1023) === 0) signal?.throwIfAborted();
      const top = heap[0];
      yield top.head as KeyedRow;
      await top.advance();
      if (top.head === null) {
        const last = heap.pop() as RunReader;
        if (heap.length === 0) break;
        if (last !== top) heap[0] = last;
      }
      down(0);
    }
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}
