import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type CloseCalendarDto } from '@closewatch/contracts/close';

/** How the catalog document reads and writes close calendars, inside its own transaction. */
export interface CatalogCalendarStore {
  readAll(m: EntityManager): Promise<CloseCalendarDto[]>;
  upsert(m: EntityManager, calendar: CloseCalendarDto): Promise<void>;
  remove(m: EntityManager, entity: string): Promise<void>;
}

/**
 * The `calendars:` section of the catalog document. The close feature owns the table and
 * registers its store here at start, so the catalog needs no import from another feature.
 */
@Injectable()
export class CatalogCalendars {
  private store: CatalogCalendarStore | undefined;

  register(store: CatalogCalendarStore): void {
    this.store = store;
  }

  readAll(m: EntityManager): Promise<CloseCalendarDto[]> {
    return this.store ? this.store.readAll(m) : Promise.resolve([]);
  }

  /** The store, or an error when no feature registered one (an app without the close module). */
  writer(): CatalogCalendarStore {
    if (!this.store) throw new Error('no close calendar store is registered');
    return this.store;
  }
}
