import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The canonical text each audit entry was hashed over, kept beside the log so verify can run in
 * PostgreSQL (docs/audit.md, "Verify"). A cache, not evidence: verify checks the text against the
 * entry's hash and against the entry's own columns, and entries without it (written before this
 * migration, or whose row was removed) are checked in Node as before, so editing or deleting it
 * cannot hide a change to the log.
 */
export class AuditCanonical1765000020000 implements MigrationInterface {
  name = 'AuditCanonical1765000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table audit_log_canonical (id bigint not null, canonical text not null, constraint audit_log_canonical_pkey primary key (id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table audit_log_canonical`);
  }
}
