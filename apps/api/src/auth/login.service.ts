import { Injectable } from '@nestjs/common';
import { type LoginResponse } from '@closewatch/contracts/roles';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { LoginAudit } from './login-audit';
import { accountSubject } from './login-throttle';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';
import { toUserDto, UsersService } from './users.service';

/**
 * POST /api/v1/auth/login: throttled per account and per client address, every refusal
 * recorded. A known and an unknown email get the same answers in the same time: both are
 * counted under the email as typed, both cost one argon2 verification, and a locked one costs
 * none.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: LoginAudit,
  ) {}

  /** `ip` is Express's `req.ip`, so it follows CLOSEWATCH_TRUST_PROXY. */
  async login(email: string, password: string, ip: string | undefined): Promise<LoginResponse> {
    const typed = accountSubject(email);
    const retryAfter = await this.throttle.admit(email, ip);
    if (retryAfter !== undefined) {
      await this.audit.failed({ email: typed, address: ip, reason: 'throttled' });
      throw new ApiError(
        ApiErrorCode.TooManyAttempts,
        `Too many failed sign-in attempts for this account or from this address; try again in ${retryAfter} seconds`,
        undefined,
        retryAfter,
      );
    }
    const auth = await this.users.authenticate(email, password);
    if (!auth.user) {
      await this.audit.failed({ email: typed, address: ip, reason: auth.reason });
      throw new ApiError(ApiErrorCode.Unauthenticated, 'Email or password is wrong, or the user is disabled');
    }
    await this.throttle.succeeded(email, ip);
    const accessToken = await this.sessions.create(auth.user.id);
    await this.audit.succeeded(auth.user, ip);
    return { accessToken, user: toUserDto(auth.user) };
  }
}
