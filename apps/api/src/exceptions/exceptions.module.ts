import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CloseModule } from '../close/close.module';
import { ExceptionCommentEntity } from './exception-comment.entity';
import { ExceptionHistoryEntity } from './exception-history.entity';
import { ExceptionReadService } from './exception-read.service';
import { ExceptionWorkflowService } from './exception-workflow.service';
import { ExceptionEntity } from './exception.entity';
import { ExceptionsController } from './exceptions.controller';
import { ExceptionsService } from './exceptions.service';
import { SeverityRecomputeService } from './severity-recompute.service';
import { SeverityScheduler } from './severity.scheduler';

/**
 * Exceptions: intake for the evaluators (ExceptionsService, exported), the workflow people drive,
 * and the read side (list, detail, aging, CSV export). Incidents are placed and re-derived inside
 * the same transactions through the IncidentGrouping port (incident-grouping.port.ts), which the
 * incidents feature provides; this module imports nothing of incidents. Severity reads close
 * deadlines and FX conversions through CloseModule's exported services (close imports nothing
 * of exceptions).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ExceptionEntity, ExceptionHistoryEntity, ExceptionCommentEntity]), CloseModule],
  controllers: [ExceptionsController],
  providers: [ExceptionsService, ExceptionWorkflowService, ExceptionReadService, SeverityRecomputeService, SeverityScheduler],
  exports: [ExceptionsService, ExceptionReadService, SeverityRecomputeService, ExceptionWorkflowService],
})
export class ExceptionsModule {}
