import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type SilenceBody, type SilenceDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeTimeIdCursor, toPage } from '../../common/pagination';
import { isUuid } from '../../common/uuid';
import { AuditLog, userActor } from '../../audit/audit-log.service';
import { expireSilence, insertSilence, listSilences, silenceById, type SilenceRow } from './silences.queries';

export const silenceState = (r: Pick<SilenceRow, 'starts_at' | 'ends_at'>, now: Date): SilenceDto['state'] =>
  r.starts_at > now ? 'pending' : r.ends_at > now ? 'active' : 'expired';

function toDto(r: SilenceRow, now: Date): SilenceDto {
  return {
    id: r.id,
    matchers: r.matchers,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    comment: r.comment,
    createdBy: r.created_by_email,
    createdAt: r.created_at.toISOString(),
    expiredAt: r.expired_at?.toISOString() ?? null,
    state: silenceState(r, now),
  };
}

/** Silences: matchers, a time range, an author and a comment. Never deleted: DELETE ends one now and keeps it. */
@Injectable()
export class SilencesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(body: SilenceBody, author: { userId: string | null; email: string | null }, now = new Date()): Promise<SilenceDto> {
    const startsAt = body.startsAt ? new Date(body.startsAt) : now;
    const endsAt = new Date(body.endsAt);
    if (endsAt <= now) throw ApiError.field('endsAt', 'must be in the future');
    return this.ds.transaction(async (m) => {
      const dto = toDto(await insertSilence(m, { matchers: body.matchers, startsAt, endsAt, comment: body.comment, ...author }), now);
      await this.audit.append(m, { actor: userActor(author), action: 'alert_silence.create', objectType: 'alert_silence', objectId: dto.id, after: dto }, now);
      return dto;
    });
  }

  async list(q: { state?: SilenceDto['state']; limit: number; cursor?: string }, now = new Date()): Promise<Page<SilenceDto>> {
    const key = decodeTimeIdCursor(q.cursor);
    const rows = await listSilences(this.ds, {
      state: q.state,
      now,
      after: key && { createdAt: key.at, id: key.id },
      limit: q.limit + 1,
    });
    return toPage(
      rows,
      q.limit,
      (r) => toDto(r, now),
      (r) => [r.created_at.toISOString(), r.id],
    );
  }

  async get(id: string, now = new Date()): Promise<SilenceDto> {
    const row = isUuid(id) ? await silenceById(this.ds, id) : undefined;
    if (!row) throw ApiError.notFound(`silence ${id}`);
    return toDto(row, now);
  }

  /** Expires the silence now (audited as `alert_silence.expire`); 409 when it has already ended. */
  async expire(id: string, by: { userId: string | null; email: string | null }, now = new Date()): Promise<SilenceDto> {
    const before = isUuid(id) ? await silenceById(this.ds, id) : undefined;
    if (!before) throw ApiError.notFound(`silence ${id}`);
    return this.ds.transaction(async (m) => {
      const row = await expireSilence(m, id, now);
      if (!row) throw new ApiError(ApiErrorCode.Conflict, `silence ${id} has already ended`);
      const dto = toDto(row, now);
      await this.audit.append(
        m,
        { actor: userActor(by), action: 'alert_silence.expire', objectType: 'alert_silence', objectId: id, before: toDto(before, now), after: dto },
        now,
      );
      return dto;
    });
  }
}
