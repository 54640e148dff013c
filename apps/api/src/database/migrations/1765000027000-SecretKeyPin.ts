import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `secret_key_pin`: the id of the secret key this database's secrets are sealed with (one row),
 * written by the first server that starts and by `secrets:rotate`. A server with another key
 * refuses to start even before anything is sealed, so two replicas given different keys cannot
 * both run (apps/api/src/recon/secrets/secret-key-pin.ts). Existing databases get the row from
 * the first start after this migration.
 */
export class SecretKeyPin1765000027000 implements MigrationInterface {
  name = 'SecretKeyPin1765000027000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table secret_key_pin (
        id boolean primary key default true check (id),
        key_id text not null,
        pinned_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table secret_key_pin`);
  }
}
