import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentsModule } from '../incidents/incidents.module';
import { ExceptionCommentEntity } from './exception-comment.entity';
import { ExceptionHistoryEntity } from './exception-history.entity';
import { ExceptionQueriesService } from './exception-queries.service';
import { ExceptionWorkflowService } from './exception-workflow.service';
import { ExceptionEntity } from './exception.entity';
import { ExceptionsController } from './exceptions.controller';
import { ExceptionsService } from './exceptions.service';

/**
 * Exceptions: intake for the evaluators (ExceptionsService, exported), the workflow people drive,
 * and the read side (list, detail, aging, CSV export). Incidents are placed and re-derived
 * through IncidentsModule inside the same transactions.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ExceptionEntity, ExceptionHistoryEntity, ExceptionCommentEntity]), IncidentsModule],
  controllers: [ExceptionsController],
  providers: [ExceptionsService, ExceptionWorkflowService, ExceptionQueriesService],
  exports: [ExceptionsService, ExceptionQueriesService],
})
export class ExceptionsModule {}
