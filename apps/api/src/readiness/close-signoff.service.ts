import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type CloseSignOffDto } from '@closewatch/contracts/readiness';
import { actorOf, AuditLog } from '../audit/audit-log.service';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { signOffRefusal } from './close-signoff-rules';
import { insertSignOff, listSignOffs, setSignOffCheckpoint } from './close-signoff.queries';
import { ReadinessService } from './readiness.service';

/**
 * Signing off a period's close for one entity (docs/close.md, "Sign-off"): allowed by the
 * readiness at that moment (close-signoff-rules.ts), recorded once with its audit entry in one
 * transaction, then sealed by a signed audit checkpoint covering that entry (docs/audit.md).
 */
@Injectable()
export class CloseSignOffService {
  private readonly logger = new Logger('readiness');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly readiness: ReadinessService,
    private readonly audit: AuditLog,
  ) {}

  async signOff(entity: string, period: string, note: string | undefined, by: RequestPrincipal | undefined, now = new Date()): Promise<CloseSignOffDto> {
    const verdict = await this.readiness.current(entity, period, now);
    const blocking = verdict.reasons.filter((r) => r.severity === 'blocked').length;
    const refusal = signOffRefusal(verdict.status, note, blocking);
    if (refusal?.field) throw ApiError.field(refusal.field, refusal.message);
    if (refusal) throw new ApiError(ApiErrorCode.Conflict, `The close of ${entity} ${period} ${refusal.message}`);
    const actor = actorOf(by);
    const entry = await this.ds.transaction(async (m) => {
      const inserted = await insertSignOff(m, { entity, period, at: now, byId: actor.id, byEmail: actor.email, status: verdict.status, note: note ?? null });
      if (!inserted) {
        const [existing] = await listSignOffs(m, { entity, period, limit: 1 });
        throw new ApiError(
          ApiErrorCode.Conflict,
          `The close of ${entity} ${period} was signed off already${existing ? ` by ${existing.signedOffBy.email ?? 'Closewatch'} at ${existing.signedOffAt}` : ''}`,
        );
      }
      return this.audit.append(
        m,
        {
          actor,
          action: 'close.signed_off',
          objectType: 'close_period',
          objectId: `${entity}/${period}`,
          after: { status: verdict.status, note: note ?? null, reasons: verdict.reasons.map((r) => r.kind), evaluatedAt: verdict.evaluated_at.toISOString() },
        },
        now,
      );
    });
    const checkpoint = await this.audit.checkpointCovering(entry.id);
    if (checkpoint) await setSignOffCheckpoint(this.ds.manager, entity, period, checkpoint.entries);
    else this.logger.warn({ msg: 'no audit checkpoint covered a close sign-off in time; the hourly one will', entity, period, entry: entry.id });
    const [signed] = await listSignOffs(this.ds.manager, { entity, period, limit: 1 });
    return signed!;
  }

  list(q: { entity?: string; period?: string; limit: number }): Promise<CloseSignOffDto[]> {
    return listSignOffs(this.ds.manager, q);
  }
}
