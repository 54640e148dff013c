import { type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { catalogChanges } from './catalog-changes';

const system = (id: string, name = id) => ({ id, name, kind: 'erp', description: null }) as unknown as SystemDto;
const flow = (id: string, name = id) => ({ id, name }) as unknown as FlowDto;
const calendar = (entity: string, deadline = 'WD+5') => ({ entity, deadline }) as unknown as CloseCalendarDto;
const ids = (systems: string[] = [], flows: string[] = [], calendars: string[] = []) => ({ systems, flows, calendars });

describe(catalogChanges.name, () => {
  it('lists what was created, updated and deleted with its state before and after, section by section', () => {
    const before = { systems: [system('sap'), system('old')], flows: [flow('b', 'B')], calendars: [calendar('DE01')] };
    const after = { systems: [system('sap'), system('coupa')], flows: [flow('a'), flow('b', 'B2')], calendars: [calendar('DE01', 'WD+4')] };
    const changes = catalogChanges(before, after, { created: ids(['coupa'], ['a']), updated: ids([], ['b'], ['DE01']), deleted: ids(['old']) });
    expect(changes.map((c) => [c.objectType, c.id, c.op])).toEqual([
      ['system', 'coupa', 'create'],
      ['system', 'old', 'delete'],
      ['flow', 'a', 'create'],
      ['flow', 'b', 'update'],
      ['close_calendar', 'DE01', 'update'],
    ]);
    expect(changes[1]).toMatchObject({ before: system('old'), after: null });
    expect(changes[3]).toMatchObject({ before: flow('b', 'B'), after: flow('b', 'B2') });
    expect(changes[4]).toMatchObject({ before: calendar('DE01'), after: calendar('DE01', 'WD+4') });
  });

  it('returns nothing when nothing changed', () => {
    const state = { systems: [system('sap')], flows: [], calendars: [] };
    expect(catalogChanges(state, state, { created: ids(), updated: ids(), deleted: ids() })).toEqual([]);
  });
});
