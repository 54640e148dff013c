import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { type ReconFileDto } from '@closewatch/contracts/recon';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { INSERT_FILE } from './recon-files.queries';

/**
 * Uploaded CSV files for csv datasets (POST /api/v1/recon-files): the request body is streamed
 * to `<data dir>/recon-files/<id>.csv` (never held in memory), with its size limited by
 * CLOSEWATCH_RECON_MAX_UPLOAD_BYTES and its SHA-256 recorded.
 */
@Injectable()
export class ReconFilesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(body: Readable, userId: string | null): Promise<ReconFileDto> {
    const { uploadDir, maxUploadBytes } = this.config.recon;
    mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const part = join(uploadDir, `${id}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    // A file may take long to arrive, but never stall: each pause between chunks is bounded like a request body's whole read.
    const idleMs = this.config.bodyReadTimeoutSeconds * 1000;
    const stalled = setTimeout(
      () =>
        meter.destroy(
          new ApiError(ApiErrorCode.RequestTimeout, `The file stopped arriving for ${idleMs / 1000}s`, [{ field: 'body', message: 'arrived too slowly' }]),
        ),
      idleMs,
    );
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        stalled.refresh();
        bytes += chunk.length;
        if (bytes > maxUploadBytes)
          return done(
            new ApiError(ApiErrorCode.PayloadTooLarge, `the file is larger than ${maxUploadBytes} bytes`, [{ field: 'body', message: 'is too large' }]),
          );
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(part, { mode: 0o600 }));
      if (bytes === 0) throw ApiError.field('body', 'is empty: send the CSV file as the request body');
      await rename(part, join(uploadDir, `${id}.csv`));
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    } finally {
      clearTimeout(stalled);
    }
    const rows: { created_at: Date }[] = await this.ds.query(INSERT_FILE, [id, bytes, hash.digest('hex'), userId]);
    return { file: id, bytes, createdAt: rows[0]!.created_at.toISOString() };
  }
}
