import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveGateway } from './live.gateway';

/** The socket.io gateway of the dashboard; LiveBus (global) feeds it. */
@Module({ imports: [AuthModule], providers: [LiveGateway] })
export class LiveModule {}
