import { type Logger } from '@nestjs/common';
import { type Response } from 'express';

/** Writes one chunk with backpressure; resolves false once the client has gone away. */
export type DownloadWrite = (chunk: string) => Promise<boolean>;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A timestamp for a download's file name: `2026-12-07T05-00-00-123Z`. */
export const fileStamp = (at: Date): string => at.toISOString().replace(/[:.]/g, '-');

/**
 * Streams a download of any size: the headers, then whatever `body` writes, each chunk waiting
 * for the socket to drain, so memory holds a chunk or two however long the export. An error
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
  const write: DownloadWrite = (chunk) => {
    if (!started) {
      started = true;
      res.status(200);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
      res.setHeader('Cache-Control', 'no-store');
    }
    return writeChunk(res, chunk);
  };
  try {
    await body(write);
    if (!started) await write('');
    if (!res.destroyed && !res.writableEnded) res.end();
  } catch (err) {
    if (!res.headersSent) throw err;
    logger.error({ msg: 'export failed after it started; response cut', file: file.name, err: err instanceof Error ? err.message : String(err) });
    res.destroy();
  }
}

function writeChunk(res: Response, chunk: string): Promise<boolean> {
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
