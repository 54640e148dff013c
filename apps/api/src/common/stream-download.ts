import { type Logger } from '@nestjs/common';
import { type Response } from 'express';

/**
 * Adds text to the download (sent in chunks, with backpressure), or bytes (sent as they are,
 * after the text before them); resolves false once the client has gone away.
 */
export type DownloadWrite = (data: string | Buffer) => Promise<boolean>;

/**
 * Characters gathered before a write to the socket. Small on purpose: a string over V8's
 * regular object size (about 128 KB) is allocated in the large-object space, which only a full
 * GC frees, so exporting 1M audit entries in 1 MB chunks grew the server's RSS by 226 MB; in
 * chunks of this size the strings die young (docs/benchmarks.md).
 */
const CHUNK_CHARS = 32 * 1024;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A timestamp for a download's file name: `2026-12-07T05-00-00-123Z`. */
export const fileStamp = (at: Date): string => at.toISOString().replace(/[:.]/g, '-');

/**
 * Streams a download of any size: the headers, then whatever `body` writes (a row at a time is
 * fine), gathered into small chunks, each waiting for the socket to drain, so memory holds a
 * chunk or two however long the export. An error
 * before the first byte is thrown (the error filter answers it); after it the status cannot
 * change, so the response is cut and the client sees it incomplete (a JSON export then fails to
 * parse, a CSV lacks its end).
 */
export async function streamDownload(
  res: Response,
  file: { name: string; contentType: string },
  logger: Logger,
  body: (write: DownloadWrite) => Promise<void>,
): Promise<void> {
  let started = false;
  let pending = '';
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
    res.setHeader('Cache-Control', 'no-store');
  };
  // Text is gathered without a promise of its own per call (exports write a row at a time).
  const writeText = (text: string): Promise<boolean> => {
    pending += text;
    if (pending.length < CHUNK_CHARS) return Promise.resolve(!res.destroyed);
    const chunk = pending;
    pending = '';
    return writeChunk(res, chunk);
  };
  const writeBytes = async (bytes: Buffer): Promise<boolean> => {
    if (pending && !(await writeChunk(res, pending))) return false;
    pending = '';
    return writeChunk(res, bytes);
  };
  const write: DownloadWrite = (data) => {
    start();
    return typeof data === 'string' ? writeText(data) : writeBytes(data);
  };
  try {
    await body(write);
    start();
    if (pending && (await writeChunk(res, pending))) pending = '';
    if (!res.destroyed && !res.writableEnded) res.end();
  } catch (err) {
    if (!res.headersSent) throw err;
    logger.error({ msg: 'export failed after it started; response cut', file: file.name, err: err instanceof Error ? err.message : String(err) });
    res.destroy();
  }
}

function writeChunk(res: Response, chunk: string | Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
