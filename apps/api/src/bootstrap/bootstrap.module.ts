import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CloseModule } from '../close/close.module';
import { FlowsModule } from '../flows/flows.module';
import { BootstrapService } from './bootstrap.service';

@Module({ imports: [AuthModule, FlowsModule, CloseModule], providers: [BootstrapService], exports: [BootstrapService] })
export class BootstrapModule {}
