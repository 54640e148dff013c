import { Controller, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import { type ReconFileDto } from '@closewatch/contracts/recon';
import { Principal, Roles } from '../../auth/auth.decorators';
import { type RequestPrincipal } from '../../auth/principal';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { ReconFilesService } from './recon-files.service';

/** Uploads a CSV file for csv datasets: the raw file is the body (text/csv); returns its id for `{"connector": "csv", "file": id}`. */
@ApiTags('reconciliation')
@Controller('api/v1/recon-files')
export class ReconFilesController {
  constructor(private readonly files: ReconFilesService) {}

  @Post()
  @Roles('admin')
  upload(@Req() req: Request, @Principal() p: RequestPrincipal): Promise<ReconFileDto> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!['text/csv', 'text/plain', 'application/octet-stream', 'application/csv'].includes(type)) {
      throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the CSV file as the body with Content-Type text/csv', [
        { field: 'content-type', message: 'must be text/csv' },
      ]);
    }
    return this.files.upload(req, p?.kind === 'user' ? p.userId : null);
  }
}
