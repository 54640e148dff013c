import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AlertNotificationDetailDto, type AlertNotificationDto, NOTIFICATION_STATUSES } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { AnyRole } from '../../auth/auth.decorators';
import { pageQuerySchema } from '../../common/pagination';
import { enumListParam, optionalParam } from '../../common/query-params';
import { ZodPipe } from '../../common/zod.pipe';
import { DeliveryService } from './delivery.service';

const notificationsQuerySchema = pageQuerySchema
  .extend({
    incidentId: optionalParam(z.string().max(100)),
    receiver: optionalParam(z.string().max(100)),
    status: optionalParam(enumListParam(NOTIFICATION_STATUSES)),
  })
  .strict();

/** The delivery log, newest first, and one notification with its attempts; everyone reads. */
@ApiTags('alerts')
@Controller('api/v1/alert-notifications')
export class NotificationsController {
  constructor(private readonly delivery: DeliveryService) {}

  @Get()
  @AnyRole()
  list(@Query(new ZodPipe(notificationsQuerySchema)) q: z.infer<typeof notificationsQuerySchema>): Promise<Page<AlertNotificationDto>> {
    return this.delivery.list(q);
  }

  @Get(':id')
  @AnyRole()
  detail(@Param('id') id: string): Promise<AlertNotificationDetailDto> {
    return this.delivery.detail(id);
  }
}
