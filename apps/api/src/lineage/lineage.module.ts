import { Module } from '@nestjs/common';
import { HopsController } from './hops.controller';
import { HopsService } from './hops.service';
import { LineageController } from './lineage.controller';
import { LineageService } from './lineage.service';
import { RunListController } from './run-list.controller';
import { RunListService } from './run-list.service';
import { TracesController } from './traces.controller';
import { TracesService } from './traces.service';

/**
 * The read side of telemetry: a record's lineage (and its export), one trace, and the hop and
 * run lists. Reads go straight to SQL (hops, spans and runs are written by ingest); no entities.
 */
@Module({
  controllers: [LineageController, TracesController, HopsController, RunListController],
  providers: [LineageService, TracesService, HopsService, RunListService],
  exports: [LineageService],
})
export class LineageModule {}
