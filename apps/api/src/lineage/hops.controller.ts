import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { HopsService } from './hops.service';
import { type HopsQuery, hopsQuerySchema } from './lineage.schemas';

@ApiTags('lineage')
@Controller('api/v1/hops')
@AnyRole()
export class HopsController {
  constructor(private readonly hops: HopsService) {}

  @Get()
  list(@Query(new ZodPipe(hopsQuerySchema)) query: HopsQuery): Promise<Page<HopDto>> {
    return this.hops.list(query);
  }
}
