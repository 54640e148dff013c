import { Global, Module } from '@nestjs/common';
import { INCIDENT_GROUPING } from '../exceptions/incident-grouping.port';
import { IncidentGroupingService } from './incident-grouping.service';

/**
 * Provides the exceptions' IncidentGrouping port. Global, because ExceptionsModule cannot import
 * it: incidents depend on exceptions, and a module import back would be a cycle.
 */
@Global()
@Module({
  providers: [IncidentGroupingService, { provide: INCIDENT_GROUPING, useExisting: IncidentGroupingService }],
  exports: [INCIDENT_GROUPING],
})
export class IncidentGroupingModule {}
