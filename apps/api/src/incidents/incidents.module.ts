import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { IncidentGroupingModule } from './incident-grouping.module';
import { IncidentEntity } from './incident.entity';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/**
 * Incidents: exceptions of one flow and one cause within a window, for IT and on-call. Incidents
 * depend on exceptions: the read side lists an incident's exceptions through ExceptionsModule,
 * and IncidentGroupingModule provides the grouping the exceptions' intake and workflow call.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IncidentEntity]), ExceptionsModule, IncidentGroupingModule],
  controllers: [IncidentsController],
  providers: [IncidentsService],
  exports: [IncidentsService],
})
export class IncidentsModule {}
