import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type z } from 'zod';
import {
  AUDIT_READ_ROLES,
  type AuditCheckpointDto,
  type AuditEntryDto,
  type AuditExportQuery,
  auditExportQuerySchema,
  auditQuerySchema,
  type AuditPublicKeyDto,
  type AuditVerifyDto,
} from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { pageQuerySchema } from '../common/pagination';
import { ZodPipe } from '../common/zod.pipe';
import { AuditExportService } from './audit-export.service';
import { AuditLog } from './audit-log.service';

const listSchema = auditQuerySchema.extend(pageQuerySchema.shape).strict();
const pageSchema = pageQuerySchema.strict();

/** The audit log: admins and auditors read it and verify it; nobody changes it through the API. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly exporter: AuditExportService,
  ) {}

  @Get()
  @Roles(...AUDIT_READ_ROLES)
  list(@Query(new ZodPipe(listSchema)) q: z.infer<typeof listSchema>): Promise<Page<AuditEntryDto>> {
    return this.audit.list(q);
  }

  /** The entries that match the list's filters, oldest first, with every checkpoint, streamed as JSON (default) or CSV; audited. */
  @Get('export')
  @Roles(...AUDIT_READ_ROLES)
  async export(@Query(new ZodPipe(auditExportQuerySchema)) q: AuditExportQuery, @Principal() p: RequestPrincipal, @Res() res: Response): Promise<void> {
    await this.exporter.export(q, p, res);
  }

  @Get('verify')
  @Roles(...AUDIT_READ_ROLES)
  verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
  }

  @Get('checkpoints')
  @Roles(...AUDIT_READ_ROLES)
  checkpoints(@Query(new ZodPipe(pageSchema)) q: z.infer<typeof pageSchema>): Promise<Page<AuditCheckpointDto>> {
    return this.audit.checkpoints(q);
  }

  @Get('public-key')
  @Roles(...AUDIT_READ_ROLES)
  publicKey(): AuditPublicKeyDto {
    return this.audit.publicKeyDto();
  }
}
