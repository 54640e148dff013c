import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type LoginResponse, type UserDto } from '@closewatch/contracts/roles';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { AnyRole, Principal, Public } from './auth.decorators';
import { loginSchema } from './auth.schemas';
import { type RequestPrincipal } from './principal';
import { SessionsService } from './sessions.service';
import { toUserDto, UsersService } from './users.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /** DESIGN.md session contract: answers `{accessToken, user}`. */
  @Post('login')
  @HttpCode(200)
  @Public()
  async login(@Body(new ZodPipe(loginSchema)) body: { email: string; password: string }): Promise<LoginResponse> {
    const user = await this.users.authenticate(body.email, body.password);
    if (!user) throw new ApiError(ApiErrorCode.Unauthenticated, 'Email or password is wrong, or the user is disabled');
    return { accessToken: await this.sessions.create(user.id), user: toUserDto(user) };
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
