import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { GovernanceModule } from './governance/governance.module';
import { type AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { LiveBusModule } from './live/live-bus.module';
import { FlowsModule } from './flows/flows.module';
import { LiveModule } from './live/live.module';
import { LineageModule } from './lineage/lineage.module';
import { FlowStatsModule } from './flow-stats/flow-stats.module';
import { ExceptionsModule } from './exceptions/exceptions.module';
import { IncidentsModule } from './incidents/incidents.module';
import { SyncHealthModule } from './sync-health/sync-health.module';
import { ReconModule } from './recon/recon.module';
import { CloseModule } from './close/close.module';
import { ReadinessModule } from './readiness/readiness.module';
import { ImpactModule } from './impact/impact.module';
import { AlertsModule } from './alerts/alerts.module';
import { ReplaysModule } from './replays/replays.module';
import { OpenLineageModule } from './openlineage/openlineage.module';
import { PartitionsModule } from './partitions/partitions.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.dbPoolSize), autoLoadEntities: true }),
        ...(config.schedulers ? [ScheduleModule.forRoot()] : []),
        LiveBusModule,
        LiveModule,
        AuditModule,
        GovernanceModule,
        AuthModule,
        HealthModule,
        IngestModule,
        BootstrapModule,
        LineageModule,
        FlowStatsModule,
        FlowsModule,
        ExceptionsModule,
        IncidentsModule,
        SyncHealthModule,
        ReconModule,
        CloseModule,
        ReadinessModule,
        ImpactModule,
        AlertsModule,
        ReplaysModule,
        OpenLineageModule,
        PartitionsModule,
      ],
    };
  }
}
