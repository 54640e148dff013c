import { Global, Module } from '@nestjs/common';
import { LiveBus } from './live-bus';

@Global()
@Module({ providers: [LiveBus], exports: [LiveBus] })
export class LiveBusModule {}
