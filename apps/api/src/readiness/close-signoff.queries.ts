import { type EntityManager } from 'typeorm';
import { type CloseSignOffDto, type ReadinessStatus } from '@closewatch/contracts/readiness';

interface SignOffRow {
  entity: string;
  period: string;
  signed_off_at: Date;
  signed_off_by_id: string | null;
  signed_off_by_email: string | null;
  status_at_signoff: ReadinessStatus;
  note: string | null;
  cp_entries: string | null;
  cp_hash: string | null;
  cp_at: Date | null;
  cp_key_id: string | null;
}

export interface NewSignOff {
  entity: string;
  period: string;
  at: Date;
  byId: string | null;
  byEmail: string | null;
  status: ReadinessStatus;
  note: string | null;
}

/** Inserts the sign-off; false when the entity's period was signed off already. */
export async function insertSignOff(m: EntityManager, s: NewSignOff): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `insert into close_signoffs (entity, period, signed_off_at, signed_off_by_id, signed_off_by_email, status_at_signoff, note)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (entity, period) do nothing returning entity`,
    [s.entity, s.period, s.at, s.byId, s.byEmail, s.status, s.note],
  );
  return rows.length === 1;
}

export async function setSignOffCheckpoint(m: EntityManager, entity: string, period: string, entries: number): Promise<void> {
  await m.query(`update close_signoffs set checkpoint_entries = $3 where entity = $1 and period = $2`, [entity, period, entries]);
}

/** Sign-offs, newest period first then by entity, with the checkpoint taken at each. */
export async function listSignOffs(m: EntityManager, f: { entity?: string; period?: string; limit: number }): Promise<CloseSignOffDto[]> {
  const rows: SignOffRow[] = await m.query(
    `select s.entity, s.period, s.signed_off_at, s.signed_off_by_id, s.signed_off_by_email, s.status_at_signoff, s.note,
            c.entries::text as cp_entries, c.hash as cp_hash, c.at as cp_at, c.key_id as cp_key_id
       from close_signoffs s
       left join lateral (select entries, hash, at, key_id from audit_checkpoints where entries = s.checkpoint_entries order by at limit 1) c on true
      where ($1::text is null or s.entity = $1) and ($2::text is null or s.period = $2)
      order by s.period desc, s.entity
      limit $3`,
    [f.entity ?? null, f.period ?? null, f.limit],
  );
  return rows.map(toDto);
}

function toDto(r: SignOffRow): CloseSignOffDto {
  return {
    entity: r.entity,
    period: r.period,
    signedOffAt: r.signed_off_at.toISOString(),
    signedOffBy: { id: r.signed_off_by_id, email: r.signed_off_by_email },
    statusAtSignOff: r.status_at_signoff,
    note: r.note,
    checkpoint:
      r.cp_entries !== null && r.cp_hash !== null && r.cp_at !== null && r.cp_key_id !== null
        ? { entries: Number(r.cp_entries), hash: r.cp_hash, at: r.cp_at.toISOString(), keyId: r.cp_key_id }
        : null,
  };
}
