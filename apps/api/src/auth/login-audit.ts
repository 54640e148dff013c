import { Injectable, Logger } from '@nestjs/common';
import { loginFailures } from '../health/metrics';

export type LoginFailureReason = 'unknown_account' | 'wrong_password' | 'user_disabled' | 'throttled';

export interface LoginFailure {
  /** The email as typed, normalised (auth/login-throttle.ts accountSubject). */
  email: string;
  /** The client address (Express `req.ip`, so it follows CLOSEWATCH_TRUST_PROXY). */
  address: string | undefined;
  reason: LoginFailureReason;
}

/**
 * Records every refused login: one structured warning log line and the Prometheus counter. The
 * one place a refused login is recorded, so an audit log can be fed from here.
 */
@Injectable()
export class LoginAudit {
  private readonly logger = new Logger('auth');

  failed(failure: LoginFailure): void {
    this.logger.warn({ msg: 'login refused', event: 'login.failed', email: failure.email, address: failure.address ?? null, reason: failure.reason });
    loginFailures.inc({ reason: failure.reason === 'throttled' ? 'throttled' : 'bad_credentials' });
  }
}
