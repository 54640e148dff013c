import { Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
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
 * Records every login: a refused one as a structured warning log line and the Prometheus
 * counter, and both outcomes in the audit log (`auth.login`, `auth.login_failed`). A login
 * refused by the throttle is not written to the audit log: the throttle exists because such
 * attempts come in floods, and each entry takes the chain's lock (docs/audit.md).
 */
@Injectable()
export class LoginAudit {
  private readonly logger = new Logger('auth');

  constructor(private readonly audit: AuditLog) {}

  async failed(failure: LoginFailure): Promise<void> {
    this.logger.warn({ msg: 'login refused', event: 'login.failed', email: failure.email, address: failure.address ?? null, reason: failure.reason });
    loginFailures.inc({ reason: failure.reason === 'throttled' ? 'throttled' : 'bad_credentials' });
    if (failure.reason === 'throttled') return;
    await this.audit.record({
      actor: { kind: 'user', id: null, email: failure.email },
      action: 'auth.login_failed',
      objectType: 'session',
      objectId: null,
      after: { address: failure.address ?? null, reason: failure.reason },
    });
  }

  async succeeded(user: { id: string; email: string }, address: string | undefined): Promise<void> {
    await this.audit.record({
      actor: { kind: 'user', id: user.id, email: user.email },
      action: 'auth.login',
      objectType: 'session',
      objectId: null,
      after: { address: address ?? null },
    });
  }
}
