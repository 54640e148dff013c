import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A comment on an exception (append-only; the database refuses changes). */
@Entity({ name: 'exception_comments' })
@Index('exception_comments_exception_idx', ['exceptionId', 'id'])
export class ExceptionCommentEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'exception_id', type: 'uuid' })
  exceptionId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  /** The author's email at the time. */
  @Column({ name: 'author_label', type: 'text' })
  authorLabel: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
