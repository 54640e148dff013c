import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type LoginResponse, type UserDto } from '@closewatch/contracts/roles';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { AnyRole, Principal, Public } from './auth.decorators';
import { loginSchema } from './auth.schemas';
import { LoginService } from './login.service';
import { type RequestPrincipal } from './principal';
import { SessionsService } from './sessions.service';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly logins: LoginService,
  ) {}

  /** The session contract (docs/configuration.md): returns `{accessToken, user}`; 429 with Retry-After while throttled. */
  @Post('login')
  @HttpCode(200)
  @Public()
  login(@Body(new ZodPipe(loginSchema)) body: { email: string; password: string }, @Ip() ip: string | undefined): Promise<LoginResponse> {
    return this.logins.login(body.email, body.password, ip);
  }

  @Post('logout')
  @HttpCode(204)
  @AnyRole()
  async logout(@Principal() principal: RequestPrincipal): Promise<void> {
    if (principal.kind === 'user') await this.sessions.revoke(principal.sessionId);
  }

  @Get('me')
  @AnyRole()
  async me(@Principal() principal: RequestPrincipal): Promise<UserDto> {
    if (principal.kind !== 'user') throw new ApiError(ApiErrorCode.Forbidden, 'Not a user session');
    return this.users.get(principal.userId);
  }
}
