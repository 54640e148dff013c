import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import {
  AUDIT_READ_ROLES,
  type AuditCheckpointDto,
  type AuditEntryDto,
  auditQuerySchema,
  type AuditPublicKeyDto,
  type AuditVerifyDto,
} from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { Roles } from '../auth/auth.decorators';
import { pageQuerySchema } from '../common/pagination';
import { ZodPipe } from '../common/zod.pipe';
import { AuditLog } from './audit-log.service';

const listSchema = auditQuerySchema.extend(pageQuerySchema.shape).strict();
const pageSchema = pageQuerySchema.strict();

/** The audit log: admins and auditors read it and verify it; nobody changes it through the API. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Roles(...AUDIT_READ_ROLES)
  list(@Query(new ZodPipe(listSchema)) q: z.infer<typeof listSchema>): Promise<Page<AuditEntryDto>> {
    return this.audit.list(q);
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
