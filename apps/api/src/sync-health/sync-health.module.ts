import { Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { FlowsModule } from '../flows/flows.module';
import { EvaluationLag } from './evaluation-lag.service';
import { SyncEvaluatorService } from './sync-evaluator.service';
import { SyncHealthController } from './sync-health.controller';
import { SyncHealthScheduler } from './sync-health.scheduler';
import { SyncHealthService } from './sync-health.service';

/**
 * Sync health: per-record sync state and per-flow measures and status from the SLOs, the
 * scheduled incremental evaluation that maintains them and reports findings to the exception
 * intake, and the read API. State is plain SQL over its own tables (migration SyncHealth);
 * no entities are registered.
 */
@Module({
  imports: [FlowsModule, ExceptionsModule],
  controllers: [SyncHealthController],
  providers: [SyncHealthService, SyncEvaluatorService, SyncHealthScheduler, EvaluationLag],
  exports: [SyncHealthService, SyncEvaluatorService, EvaluationLag],
})
export class SyncHealthModule {}
