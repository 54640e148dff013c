import { type EntityManager } from 'typeorm';
import { type AlertMatch } from '@closewatch/contracts/alerts';
import { returnedRows } from '../../common/query-records';

type Queryable = Pick<EntityManager, 'query'>;

export interface SilenceRow {
  id: string;
  matchers: AlertMatch;
  starts_at: Date;
  ends_at: Date;
  comment: string;
  created_by_email: string | null;
  created_at: Date;
  expired_at: Date | null;
}

export async function insertSilence(
  m: Queryable,
  s: { matchers: AlertMatch; startsAt: Date; endsAt: Date; comment: string; userId: string | null; email: string | null },
): Promise<SilenceRow> {
  const rows: SilenceRow[] = await m.query(
    `insert into alert_silences (matchers, starts_at, ends_at, comment, created_by, created_by_email) values ($1, $2, $3, $4, $5, $6) returning *`,
    [JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.comment, s.userId, s.email],
  );
  return rows[0]!;
}

export async function silenceById(m: Queryable, id: string): Promise<SilenceRow | undefined> {
  const rows: SilenceRow[] = await m.query(`select * from alert_silences where id = $1`, [id]);
  return rows[0];
}

/** Ends a silence now (one not started yet starts and ends now); the row stays. Answers it, or none when it had already ended. */
export async function expireSilence(m: Queryable, id: string, now: Date): Promise<SilenceRow | undefined> {
  return returnedRows<SilenceRow>(
    await m.query(`update alert_silences set starts_at = least(starts_at, $2), ends_at = $2, expired_at = $2 where id = $1 and ends_at > $2 returning *`, [
      id,
      now,
    ]),
  )[0];
}

export function listSilences(
  m: Queryable,
  f: { state?: 'pending' | 'active' | 'expired'; now: Date; after?: { createdAt: string; id: string }; limit: number },
): Promise<SilenceRow[]> {
  const state =
    f.state === 'pending'
      ? `starts_at > $1::timestamptz`
      : f.state === 'active'
        ? `starts_at <= $1::timestamptz and ends_at > $1::timestamptz`
        : f.state === 'expired'
          ? `ends_at <= $1::timestamptz`
          : `$1::timestamptz is not null`;
  return m.query(
    `select * from alert_silences where ${state} and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
      order by created_at desc, id desc limit $4`,
    [f.now, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit],
  );
}
