import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An uploaded CSV file (table `recon_files`); its content is `<data dir>/recon-files/<id>.csv`. */
@Entity({ name: 'recon_files' })
export class ReconFileEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'bigint' })
  bytes: string;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
