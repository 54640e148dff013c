import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type TraceResponse } from '@closewatch/contracts/telemetry';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { type TraceParams, traceParamsSchema } from './lineage.schemas';
import { TracesService } from './traces.service';

@ApiTags('lineage')
@Controller('api/v1/traces')
@AnyRole()
export class TracesController {
  constructor(private readonly traces: TracesService) {}

  @Get(':traceId')
  get(@Param(new ZodPipe(traceParamsSchema)) params: TraceParams): Promise<TraceResponse> {
    return this.traces.trace(params.traceId);
  }
}
