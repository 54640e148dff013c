import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../common/transaction-retry';
import { CloseCalendarsService } from '../close/close-calendars.service';
import { FxRatesService } from '../close/fx-rates.service';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LiveBus } from '../live/live-bus';
import { AuditLog } from '../audit/audit-log.service';
import { type Actor } from './exception-history';
import { systemTransitionAudit } from './history-audit';
import {
  appendHistory,
  loadFlowImpacts,
  lockRecomputeCandidates,
  tryLockSeverityRecompute,
  writeMaterialChanges,
  writeSeverityRaises,
} from './exceptions.queries';
import { INCIDENT_GROUPING, type IncidentGrouping } from './incident-grouping.port';
import { readCloseFacts } from './close-facts';
import { planRecompute, recomputeConversions } from './severity-recompute';

/** Candidates read (and locked) per transaction of a pass. */
export const RECOMPUTE_CHUNK = 500;
const ACTOR: Actor = { kind: 'system', name: 'scheduler:severity' };

export interface RecomputeResult {
  /** False when another replica held the lock (this pass did nothing). */
  ran: boolean;
  examined: number;
  raised: string[];
  /** Exceptions whose materiality changed (a rate entered or corrected, a materiality changed). */
  materialChanged: string[];
}

/**
 * Raises the severity of open and acknowledged exceptions as their entity's close deadline nears
 * or a rate makes their amount comparable, and keeps their materiality true to the rates and
 * materialities of now (severity-recompute.ts has the rules). One pass walks the candidates in id order, a chunk per
 * transaction; each transaction takes a transaction-level advisory lock with try, so one
 * replica works at a time and the others skip the chunk. Calendars and rates are read once per
 * chunk. Raises are published on the LiveBus (cause `severity`) after each commit.
 */
@Injectable()
export class SeverityRecomputeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INCIDENT_GROUPING) private readonly incidents: IncidentGrouping,
    private readonly calendars: CloseCalendarsService,
    private readonly fx: FxRatesService,
    private readonly bus: LiveBus,
    private readonly audit: AuditLog,
  ) {}

  /** One pass at `now` (tests pass their own). */
  async recompute(now = new Date()): Promise<RecomputeResult> {
    const result: RecomputeResult = { ran: true, examined: 0, raised: [], materialChanged: [] };
    let afterId: string | null = null;
    for (;;) {
      const chunk = await inTransaction(this.ds, async (m) => {
        if (!(await tryLockSeverityRecompute(m))) return null;
        const candidates = await lockRecomputeCandidates(m, afterId, RECOMPUTE_CHUNK);
        if (!candidates.length) return { last: null, examined: 0, raised: [] as string[], materialChanged: [] as string[], incidentIds: [] as string[] };
        const flows = await loadFlowImpacts(
          m,
          candidates.map((c) => c.flow_id),
        );
        const { deadlines, conversions } = await readCloseFacts(
          m,
          { calendars: this.calendars, fx: this.fx },
          candidates,
          recomputeConversions(candidates, flows),
          now,
        );
        const plan = planRecompute({ candidates, flows, deadlines, conversions, now, slaHours: this.config.exceptionSlaHours });
        await writeSeverityRaises(m, plan.raises, now);
        await writeMaterialChanges(m, plan.materialChanges, now);
        await appendHistory(m, ACTOR, now, plan.history);
        await this.audit.appendMany(m, systemTransitionAudit(ACTOR, plan.history), now);
        const changed = [...plan.raises, ...plan.materialChanges];
        const incidentIds = [...new Set(changed.map((r) => r.incident_id).filter((x): x is string => x !== null))];
        await this.incidents.refresh(m, incidentIds);
        return {
          last: candidates.at(-1)!.id,
          examined: candidates.length,
          raised: plan.raises.map((r) => r.id),
          materialChanged: plan.materialChanges.map((c) => c.id),
          incidentIds,
        };
      });
      if (chunk === null) return { ...result, ran: result.examined > 0 };
      result.examined += chunk.examined;
      result.raised.push(...chunk.raised);
      result.materialChanged.push(...chunk.materialChanged);
      const exceptionIds = [...new Set([...chunk.raised, ...chunk.materialChanged])];
      if (exceptionIds.length) this.bus.publishExceptions({ cause: 'severity', exceptionIds, incidentIds: chunk.incidentIds, at: now.toISOString() });
      if (chunk.last === null || chunk.examined < RECOMPUTE_CHUNK) return result;
      afterId = chunk.last;
    }
  }
}
