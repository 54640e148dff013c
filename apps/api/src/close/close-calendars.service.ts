import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type CloseCalendarDto, type CloseDeadlineDto } from '@closewatch/contracts/close';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { CatalogCalendars } from '../flows/catalog-calendars.service';
import { ConfigVersions } from '../governance/config-versions.service';
import { type CalendarsQuery } from './close.schemas';
import { deleteCalendar, readCalendar, readCalendars, readCalendarsOf, upsertCalendar } from './close.store';
import { currentPeriod, periodInProgress } from './domain/close-periods';
import { closeStatus, type CloseWindow } from './domain/close-window';
import { NoWorkingDayError } from './domain/working-days';

/**
 * Close calendars per entity: CRUD for the API, and for other features (readiness, severity,
 * gates) the close window of an entity and period.
 */
@Injectable()
export class CloseCalendarsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    catalogCalendars: CatalogCalendars,
    private readonly audit: AuditLog,
    private readonly versions: ConfigVersions,
  ) {
    // Calendars are part of the catalog document: lend it this table's statements. Here rather
    // than in onModuleInit, because main.ts imports the demo catalog before the app is initialised.
    catalogCalendars.register({
      readAll: (m) => readCalendars(m),
      upsert: async (m, c) => void (await upsertCalendar(m, c)),
      remove: async (m, entity) => void (await deleteCalendar(m, entity)),
    });
  }

  async list(query: CalendarsQuery): Promise<Page<CloseCalendarDto>> {
    const after = decodeCursor<[string]>(query.cursor, 1);
    const rows = await this.dataSource.transaction((m) => readCalendars(m, { after: after && String(after[0]), limit: query.limit + 1 }));
    return toPage(
      rows,
      query.limit,
      (c) => c,
      (c) => [c.entity],
    );
  }

  async get(entity: string): Promise<CloseCalendarDto> {
    const calendar = await this.find(entity);
    if (!calendar) throw ApiError.notFound(`close calendar of entity ${entity}`);
    return calendar;
  }

  find(entity: string): Promise<CloseCalendarDto | undefined> {
    return this.dataSource.transaction((m) => readCalendar(m, entity));
  }

  /** Creates or replaces the calendar (audited as `close_calendar.put` with before and after, and kept as a version); `created` tells which. */
  async put(calendar: CloseCalendarDto, actor: AuditActor = SYSTEM_ACTOR): Promise<{ calendar: CloseCalendarDto; created: boolean }> {
    // Refuse a calendar that leaves no working day around this month's close before storing it.
    check(() => closeStatus(calendar, currentPeriod(calendar, new Date()), new Date()));
    const created = await this.dataSource.transaction(async (m) => {
      const before = (await readCalendar(m, calendar.entity)) ?? null;
      const isNew = await upsertCalendar(m, calendar);
      await this.versions.record(m, { kind: 'close_calendar', objectId: calendar.entity, actor, before, after: await readCalendar(m, calendar.entity) });
      await this.audit.append(m, { actor, action: 'close_calendar.put', objectType: 'close_calendar', objectId: calendar.entity, before, after: calendar });
      return isNew;
    });
    return { calendar, created };
  }

  /** Deletes the calendar (audited as `close_calendar.delete`). */
  async remove(entity: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const before = await readCalendar(m, entity);
      if (!before || !(await deleteCalendar(m, entity))) throw ApiError.notFound(`close calendar of entity ${entity}`);
      await this.versions.record(m, { kind: 'close_calendar', objectId: entity, actor, before, after: null });
      await this.audit.append(m, { actor, action: 'close_calendar.delete', objectType: 'close_calendar', objectId: entity, before });
    });
  }

  /** `GET /api/v1/close-calendars/:entity?period=`; without a period, the close in progress. */
  async deadline(entity: string, period: string | undefined, now = new Date()): Promise<CloseDeadlineDto> {
    const calendar = await this.get(entity);
    const p = period ?? check(() => periodInProgress(calendar, now));
    const s = check(() => closeStatus(calendar, p, now));
    return {
      entity,
      period: p,
      closeStartAt: s.closeStartAt.toISOString(),
      deadlineAt: s.deadlineAt.toISOString(),
      workingDaysLeft: s.workingDaysLeft,
      overridden: s.overridden,
      calendar,
    };
  }

  /** For other features: the entity's close window of the period, or undefined without a calendar. */
  async window(entity: string, period: string, now = new Date()): Promise<(CloseWindow & { workingDaysLeft: number }) | undefined> {
    const calendar = await this.find(entity);
    return calendar && closeStatus(calendar, period, now);
  }

  /**
   * For batch callers (exception intake, severity recomputation): the close deadline of each
   * entity and period that has a calendar, read in one statement in the caller's transaction.
   * A period whose calendar finds no working day is left out (no deadline known), not an error.
   */
  async deadlines(m: EntityManager, pairs: readonly EntityPeriod[], now = new Date()): Promise<{ entity: string; period: string; deadlineAt: Date }[]> {
    return (await this.windows(m, pairs, now)).map(({ entity, period, deadlineAt }) => ({ entity, period, deadlineAt }));
  }

  /** For batch callers (readiness): the close window and working days left of each entity and period that has a calendar, as deadlines() reads them. */
  async windows(m: EntityManager, pairs: readonly EntityPeriod[], now = new Date()): Promise<(CloseWindow & { workingDaysLeft: number })[]> {
    if (!pairs.length) return [];
    const calendars = new Map((await readCalendarsOf(m, [...new Set(pairs.map((p) => p.entity))])).map((c) => [c.entity, c]));
    const out: (CloseWindow & { workingDaysLeft: number })[] = [];
    for (const { entity, period } of pairs) {
      const calendar = calendars.get(entity);
      if (!calendar) continue;
      try {
        out.push(closeStatus(calendar, period, now));
      } catch (err) {
        if (!(err instanceof NoWorkingDayError)) throw err;
      }
    }
    return out;
  }

  /** For batch callers (readiness): the period whose close is in progress at `now` for each entity, in its time zone; UTC for entities without a calendar. */
  async currentPeriods(m: EntityManager, entities: readonly string[], now = new Date()): Promise<Map<string, string>> {
    const calendars = new Map((await readCalendarsOf(m, entities)).map((c) => [c.entity, c]));
    return new Map(entities.map((e) => [e, calendars.has(e) ? currentPeriod(calendars.get(e)!, now) : now.toISOString().slice(0, 7)]));
  }
}

/** An entity's period, as other features ask for its close deadline. */
export interface EntityPeriod {
  entity: string;
  period: string;
}

/** A calendar whose rules find no working day is a 400 naming the workweek and holidays, not a 500. */
function check<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof NoWorkingDayError) throw ApiError.validation([{ field: 'holidays', message: `leave no working day: ${err.message}` }]);
    throw err;
  }
}
