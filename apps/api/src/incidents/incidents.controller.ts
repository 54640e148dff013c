import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type IncidentDetailDto, type IncidentDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { IncidentsService } from './incidents.service';
import { type IncidentsQuery, incidentsQuerySchema } from './incidents.schemas';

@ApiTags('incidents')
@Controller('api/v1/incidents')
@AnyRole()
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  list(@Query(new ZodPipe(incidentsQuerySchema)) q: IncidentsQuery): Promise<Page<IncidentDto>> {
    return this.incidents.list(q);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<IncidentDetailDto> {
    return this.incidents.get(id);
  }
}
