import { type Client } from 'pg';
import { copyBatches } from './copy-line-batches';
import { clientSocket, type CopyBatches, CopyOut } from './postgres-copy';

/** Bytes gathered before a chunk is handed on: under V8's regular object size, so chunks die young. */
export const TEXT_BYTES_CHUNK = 64 * 1024;

/** The binary COPY signature (11 bytes), then 32-bit flags and the header extension's length. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;

/**
 * The rows of a one-column text query, as the bytes of their texts one after another, in chunks
 * of about `chunkBytes`: `COPY (text) TO STDOUT (FORMAT binary)` on a client someone else owns,
 * inside its transaction. Binary because the text arrives exactly as the query made it (text
 * format would escape its backslashes); nothing is decoded, so a download the database writes
 * (an export built in SQL, each row a whole line) passes through in flat memory without a
 * string or an object per row. NULL rows give nothing. At most three chunks are held (CopyOut
 * pauses the socket); leaving early drops the rest of the COPY as it arrives.
 */
export function copyTextBytes(client: Client, text: string, chunkBytes = TEXT_BYTES_CHUNK): AsyncGenerator<Buffer, void, undefined> {
  const copy = new CopyOut(`copy (${text}) to stdout (format binary)`, new TextBytes(chunkBytes), clientSocket(client));
  void client.query(copy);
  return copyBatches(copy);
}

/** Cuts binary COPY payloads (a row each; the header before the first) into the bytes of their one text field. */
export class TextBytes implements CopyBatches<Buffer> {
  private chunk: Buffer;
  private used = 0;
  private headerRead = false;

  constructor(private readonly chunkBytes: number) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  add(buf: Buffer, start: number, end: number): Buffer | null {
    let at = start;
    if (!this.headerRead) {
      if (end - at < HEADER_BYTES || !buf.subarray(at, at + SIGNATURE.length).equals(SIGNATURE))
        throw new Error('COPY did not start with the binary signature');
      at += HEADER_BYTES + buf.readUInt32BE(at + SIGNATURE.length + 4);
      this.headerRead = true;
    }
    let full: Buffer | null = null;
    while (at < end) {
      const fields = buf.readInt16BE(at);
      at += 2;
      if (fields === -1) break; // the trailer
      if (fields !== 1) throw new Error(`COPY sent a row of ${fields} fields; copyTextBytes reads one text column`);
      const length = buf.readInt32BE(at);
      at += 4;
      if (length < 0) continue; // NULL
      if (this.used + length > this.chunk.length) {
        // One row a payload (PostgreSQL's COPY TO), so this happens at most once per call.
        full = full ? Buffer.concat([full, this.take()]) : this.take();
        if (length > this.chunk.length) this.chunk = Buffer.allocUnsafe(length);
      }
      buf.copy(this.chunk, this.used, at, at + length);
      this.used += length;
      at += length;
    }
    if (!full && this.used >= this.chunkBytes) full = this.take();
    return full;
  }

  rest(): Buffer | null {
    return this.used ? this.take() : null;
  }

  clear(): void {
    this.used = 0;
  }

  /** The filled part of the chunk; the next rows go to a new one (the consumer keeps this one until it is written). */
  private take(): Buffer {
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
    return full;
  }
}
