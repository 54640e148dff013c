import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FlowStatsModule } from '../flow-stats/flow-stats.module';
import { LiveGateway } from './live.gateway';

/** The socket.io gateway of the dashboard; LiveBus (global) feeds it hops, FlowStatsService its stats. */
@Module({ imports: [AuthModule, FlowStatsModule], providers: [LiveGateway] })
export class LiveModule {}
