import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { FlowsModule } from '../flows/flows.module';
import { ConnectionsController } from './connections/connections.controller';
import { ConnectionsService } from './connections/connections.service';
import { ConnectorsService } from './connectors/connectors.service';
import { ReconBreakEntity } from './breaks/recon-break.entity';
import { ReconConnectionEntity } from './connections/recon-connection.entity';
import { ReconDefinitionEntity } from './definitions/recon-definition.entity';
import { ReconDemoService } from './demo/recon-demo.service';
import { ReconFileEntity } from './files/recon-file.entity';
import { ReconFilesController } from './files/recon-files.controller';
import { ReconFilesService } from './files/recon-files.service';
import { ReconRunEntity } from './runs/recon-run.entity';
import { ReconRunnerService } from './runs/recon-runner.service';
import { ReconRunsController } from './runs/recon-runs.controller';
import { ReconRunsService } from './runs/recon-runs.service';
import { ReconWorkerService } from './runs/recon-worker.service';
import { ReconScheduler } from './runs/recon.scheduler';
import { ReconsController } from './definitions/recons.controller';
import { ReconsService } from './definitions/recons.service';
import { SecretKeyService } from './secrets/secret-key.service';

/**
 * Reconciliation (docs/reconciliation.md): connections, definitions, connectors (postgres, csv, http,
 * telemetry), the run queue and worker, scheduling, breaks with lineage classification, and
 * their exceptions through the exception intake. In demo mode, demo source and target databases
 * with reconciliations (ReconDemoService).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ReconConnectionEntity, ReconDefinitionEntity, ReconRunEntity, ReconBreakEntity, ReconFileEntity]),
    FlowsModule,
    ExceptionsModule,
  ],
  controllers: [ConnectionsController, ReconsController, ReconRunsController, ReconFilesController],
  providers: [
    SecretKeyService,
    ConnectionsService,
    ConnectorsService,
    ReconsService,
    ReconRunsService,
    ReconFilesService,
    ReconRunnerService,
    ReconWorkerService,
    ReconScheduler,
    ReconDemoService,
  ],
  exports: [ReconsService, ReconRunsService, ReconWorkerService, ConnectionsService, SecretKeyService],
})
export class ReconModule {}
