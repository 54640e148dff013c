import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { FlowsModule } from '../flows/flows.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { ConnectorsService } from './connectors.service';
import { ReconBreakEntity } from './recon-break.entity';
import { ReconConnectionEntity } from './recon-connection.entity';
import { ReconDefinitionEntity } from './recon-definition.entity';
import { ReconDemoService } from './recon-demo.service';
import { ReconFileEntity } from './recon-file.entity';
import { ReconFilesController } from './recon-files.controller';
import { ReconFilesService } from './recon-files.service';
import { ReconRunEntity } from './recon-run.entity';
import { ReconRunnerService } from './recon-runner.service';
import { ReconRunsController } from './recon-runs.controller';
import { ReconRunsService } from './recon-runs.service';
import { ReconWorkerService } from './recon-worker.service';
import { ReconScheduler } from './recon.scheduler';
import { ReconsController } from './recons.controller';
import { ReconsService } from './recons.service';
import { SecretKeyService } from './secret-key.service';

/**
 * Reconciliation (DESIGN.md): connections, definitions, connectors (postgres, csv, http,
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
  exports: [ReconsService, ReconRunsService, ReconWorkerService, ConnectionsService],
})
export class ReconModule {}
