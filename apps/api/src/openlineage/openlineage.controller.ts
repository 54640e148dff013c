import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type z } from 'zod';
import { OPENLINEAGE_READ_ROLES, type OpenLineageRunEvent, openLineageQuerySchema } from '@closewatch/contracts/openlineage';
import { type Page } from '@closewatch/contracts/pagination';
import { Roles } from '../auth/auth.decorators';
import { pageQuerySchema } from '../common/pagination';
import { ZodPipe } from '../common/zod.pipe';
import { OpenLineageService } from './openlineage.service';

const eventsSchema = openLineageQuerySchema.extend(pageQuerySchema.shape).strict();

/** OpenLineage 2-0-2 run events of batch runs and reconciliation runs (docs/audit.md#openlineage). */
@ApiTags('openlineage')
@Controller('api/v1/openlineage')
export class OpenLineageController {
  constructor(private readonly openlineage: OpenLineageService) {}

  @Get('events')
  @Roles(...OPENLINEAGE_READ_ROLES)
  events(@Query(new ZodPipe(eventsSchema)) q: z.infer<typeof eventsSchema>): Promise<Page<OpenLineageRunEvent>> {
    return this.openlineage.events(q);
  }
}
