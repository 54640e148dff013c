import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Response } from 'express';
import { type CloseCalendarDto, type CloseDeadlineDto } from '@closewatch/contracts/close';
import { closeCalendarBodySchema, entitySchema } from '@closewatch/contracts/close-schema';
import { type Page } from '@closewatch/contracts/pagination';
import { actorOf } from '../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { parseOrThrow, ZodPipe } from '../common/zod.pipe';
import { CloseCalendarsService } from './close-calendars.service';
import { type CalendarQuery, calendarQuerySchema, type CalendarsQuery, calendarsQuerySchema } from './close.schemas';

const entityParamSchema = z.object({ entity: entitySchema });

/** When each entity's close starts and is due (docs/close.md). */
@ApiTags('close')
@Controller('api/v1/close-calendars')
export class CloseCalendarsController {
  constructor(private readonly calendars: CloseCalendarsService) {}

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(calendarsQuerySchema)) query: CalendarsQuery): Promise<Page<CloseCalendarDto>> {
    return this.calendars.list(query);
  }

  /** The close window of one period (default: the close in progress), with the calendar behind it. */
  @Get(':entity')
  @AnyRole()
  get(@Param('entity') entity: string, @Query(new ZodPipe(calendarQuerySchema)) query: CalendarQuery): Promise<CloseDeadlineDto> {
    return this.calendars.deadline(entity, query.period);
  }

  /** Creates (201) or replaces (200) the entity's calendar. */
  @Put(':entity')
  @Roles('admin', 'finance_ops')
  async put(
    @Param('entity') entity: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
    @Principal() p: RequestPrincipal,
  ): Promise<CloseCalendarDto> {
    const id = parseOrThrow(entityParamSchema, { entity }).entity;
    const calendar = { entity: id, ...parseOrThrow(closeCalendarBodySchema, body ?? {}, 'The close calendar is invalid; nothing was saved') };
    const result = await this.calendars.put(calendar, actorOf(p));
    res.status(result.created ? 201 : 200);
    return result.calendar;
  }

  @Delete(':entity')
  @Roles('admin', 'finance_ops')
  @HttpCode(204)
  remove(@Param('entity') entity: string, @Principal() p: RequestPrincipal): Promise<void> {
    return this.calendars.remove(entity, actorOf(p));
  }
}
