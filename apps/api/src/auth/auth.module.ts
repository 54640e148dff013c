import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { IngestKeyEntity } from './ingest-key.entity';
import { IngestKeysController } from './ingest-keys.controller';
import { IngestKeysService } from './ingest-keys.service';
import { LoginAudit } from './login-audit';
import { LoginThrottleService } from './login-throttle.service';
import { LoginService } from './login.service';
import { SessionRevocations } from './session-revocations.service';
import { SessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity, IngestKeyEntity])],
  controllers: [AuthController, UsersController, IngestKeysController],
  providers: [
    UsersService,
    SessionsService,
    SessionRevocations,
    IngestKeysService,
    LoginService,
    LoginThrottleService,
    LoginAudit,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, SessionsService, SessionRevocations, IngestKeysService],
})
export class AuthModule {}
