import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { type IngestScope } from '@closewatch/contracts/ingest-keys';

export { INGEST_KEY_SCOPES as INGEST_SCOPES, DEFAULT_INGEST_KEY_SCOPES, type IngestScope } from '@closewatch/contracts/ingest-keys';

@Entity({ name: 'ingest_keys' })
export class IngestKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** First characters of the secret, shown in lists so operators can tell keys apart. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'secret_hash', type: 'bytea', select: false })
  secretHash: Buffer;

  @Column({ type: 'text', array: true })
  scopes: IngestScope[];

  /** Flow ids this key may write hops and runs for; null: every flow. */
  @Column({ type: 'text', array: true, nullable: true })
  flows: string[] | null;

  /** After this instant the key is refused; null: it never expires. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
