import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogCalendars } from './catalog-calendars.service';
import { CatalogImportService } from './catalog-import.service';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { FlowEntity } from './flow.entity';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { SystemEntity } from './system.entity';
import { SystemsController } from './systems.controller';
import { SystemsService } from './systems.service';

/**
 * The systems and flows catalog: CRUD, the catalog document (with the close calendars the close
 * feature registers in CatalogCalendars), and the cached read side for other features.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SystemEntity, FlowEntity])],
  controllers: [SystemsController, FlowsController, CatalogController],
  providers: [CatalogService, SystemsService, FlowsService, CatalogImportService, CatalogCalendars],
  exports: [CatalogService, CatalogImportService, CatalogCalendars],
})
export class FlowsModule {}
