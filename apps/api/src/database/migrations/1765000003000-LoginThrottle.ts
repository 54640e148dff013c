import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Login throttle state (apps/api/src/auth/login-throttle.service.ts): one row per account (the
 * email as typed, normalised) and per client address, shared by every API replica.
 */
export class LoginThrottle1765000003000 implements MigrationInterface {
  name = 'LoginThrottle1765000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table login_throttle (
        scope text not null,
        subject text not null,
        attempts integer not null,
        window_started_at timestamptz not null,
        locked_until timestamptz,
        constraint login_throttle_pkey primary key (scope, subject),
        constraint login_throttle_scope_check check (scope in ('account', 'address'))
      )`);
    await q.query(`create index login_throttle_window_started_at_idx on login_throttle (window_started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table login_throttle`);
  }
}
