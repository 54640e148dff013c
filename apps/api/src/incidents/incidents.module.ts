import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentGroupingService } from './incident-grouping.service';
import { IncidentEntity } from './incident.entity';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/**
 * Incidents: exceptions of one flow and one cause within a window, for IT and on-call. The
 * grouping service works inside the exceptions' transactions (ExceptionsModule imports it).
 */
@Module({
  imports: [TypeOrmModule.forFeature([IncidentEntity])],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentGroupingService],
  exports: [IncidentGroupingService, IncidentsService],
})
export class IncidentsModule {}
