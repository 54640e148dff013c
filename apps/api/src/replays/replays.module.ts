import { Global, Module } from '@nestjs/common';
import { REPLAY_DELIVERY_LISTENER } from '../alerts/delivery/replay-deliveries.port';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { FlowsModule } from '../flows/flows.module';
import { ReplaysController } from './replays.controller';
import { ReplaysService } from './replays.service';

/**
 * Replay requests (docs/replays.md). Global because it provides the alerts outbox's
 * ReplayDeliveryListener port, which the (global) AlertsModule's delivery worker resolves.
 */
@Global()
@Module({
  imports: [ExceptionsModule, FlowsModule],
  controllers: [ReplaysController],
  providers: [ReplaysService, { provide: REPLAY_DELIVERY_LISTENER, useExisting: ReplaysService }],
  exports: [ReplaysService, REPLAY_DELIVERY_LISTENER],
})
export class ReplaysModule {}
