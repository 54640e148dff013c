import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named database connection for postgres datasets (table `recon_connections`); the URL is sealed with AES-256-GCM. */
@Entity({ name: 'recon_connections' })
export class ReconConnectionEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: 'postgres';

  @Column({ name: 'url_ciphertext', type: 'text' })
  urlCiphertext: string;

  /** Which key sealed it (secretKeyId), to explain a key mismatch. */
  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
