import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { accountSubject, addressSubject, type LoginThrottleSettings } from './login-throttle';

/** Rows whose window and lockout are both over are deleted at most this often per process. */
const PRUNE_EVERY_MS = 60_000;

/** A row is stale, and starts over, when its lockout is over or, unlocked, its window is. */
const STALE = `(t.locked_until <= now() or (t.locked_until is null and t.window_started_at <= now() - make_interval(secs => $5)))`;

/**
 * Counts an attempt against the account and the address, unless either is locked now, and
 * returns the seconds until the later lock ends (null: go on). Counting before the password is
 * checked, in one atomic upsert, keeps concurrent attempts from slipping past the limit while
 * argon2 runs. Keys are taken in one order (account, then address), so concurrent attempts
 * never wait on each other in a cycle.
 */
const ADMIT = `
  with active as (
    select max(locked_until) as until
    from login_throttle
    where ((scope = 'account' and subject = $1) or (scope = 'address' and subject = $2)) and locked_until > now()
  ), counted as (
    insert into login_throttle as t (scope, subject, attempts, window_started_at)
    select k.scope, k.subject, 1, now()
    from (values ('account', $1::text), ('address', $2::text)) as k (scope, subject)
    where not exists (select from active where until is not null)
    on conflict (scope, subject) do update set
      attempts = case when ${STALE} then 1 else t.attempts + 1 end,
      window_started_at = case when ${STALE} then now() else t.window_started_at end,
      locked_until = case
        when ${STALE} then null
        when t.locked_until is null and t.attempts + 1 > (case t.scope when 'account' then $3::int else $4::int end)
          then now() + make_interval(secs => $6)
        else t.locked_until
      end
    returning locked_until
  )
  select ceil(extract(epoch from greatest((select until from active), (select max(locked_until) from counted)) - now()))::int as "retryAfter"`;

/** A success clears the account and takes its attempt back from the address (an office's sign-ins are no attack). */
const SUCCEEDED = `
  with cleared as (delete from login_throttle where scope = 'account' and subject = $1)
  update login_throttle set attempts = greatest(attempts - 1, 0)
  where scope = 'address' and subject = $2 and locked_until is null`;

/** A lock starts at most one window after the window did, so older rows are over. */
const PRUNE = `delete from login_throttle where window_started_at < now() - make_interval(secs => $1)`;

/**
 * Failed-login throttling per account and per client address (docs/security.md), kept in
 * PostgreSQL (`login_throttle`) so every replica counts the same attempts.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('auth');
  private readonly settings: LoginThrottleSettings;
  private lastPrune = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = config.login;
  }

  /** Counts an attempt; returns the seconds to wait when the account or the address is locked, else undefined. */
  async admit(email: string, ip: string | undefined): Promise<number | undefined> {
    this.pruneNowAndThen();
    const s = this.settings;
    const rows = (await this.ds.query(ADMIT, [
      accountSubject(email),
      addressSubject(ip),
      s.accountMaxFailures,
      s.addressMaxFailures,
      s.windowSeconds,
      s.lockoutSeconds,
    ])) as { retryAfter: number | null }[];
    const retryAfter = rows[0]?.retryAfter;
    return retryAfter === null || retryAfter === undefined ? undefined : Math.max(1, retryAfter);
  }

  async succeeded(email: string, ip: string | undefined): Promise<void> {
    await this.ds.query(SUCCEEDED, [accountSubject(email), addressSubject(ip)]);
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    this.ds
      .query(PRUNE, [this.settings.windowSeconds + this.settings.lockoutSeconds])
      .catch((err: unknown) => this.logger.warn({ msg: 'pruning login_throttle failed', err: err instanceof Error ? err.message : String(err) }));
  }
}
