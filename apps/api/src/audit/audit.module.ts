import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditExportService } from './audit-export.service';
import { AuditLog } from './audit-log.service';
import { AuditScheduler } from './audit.scheduler';

/**
 * The tamper-evident audit log (docs/audit.md). Global: every feature that changes something
 * appends to it in its own transaction; the log depends on no feature.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditLog, AuditExportService, AuditScheduler],
  exports: [AuditLog],
})
export class AuditModule {}
