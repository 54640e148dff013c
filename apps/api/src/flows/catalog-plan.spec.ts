import { type CatalogDocument, type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { planCatalogImport } from './catalog-plan';

const system = (id: string, name = id.toUpperCase()): SystemDto => ({ id, name, kind: 'erp', description: null });
const flow = (id: string, source: string, target: string, over: Partial<FlowDto> = {}): FlowDto => ({
  id,
  name: id,
  sourceSystem: source,
  targetSystem: target,
  pattern: 'event',
  workflow: 'order_to_cash',
  slo: { maxLagSeconds: 600, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0 },
  ownerTeam: null,
  alertRoute: null,
  impacts: [],
  boardMetrics: [],
  materiality: null,
  entities: [],
  description: null,
  ...over,
});

const calendar = (entity: string, over: Partial<CloseCalendarDto> = {}): CloseCalendarDto => ({
  entity,
  timezone: 'Europe/Berlin',
  workweek: [1, 2, 3, 4, 5],
  holidays: [],
  closeStart: 'WD-2',
  deadline: 'WD+5',
  deadlineTime: '18:00',
  periods: {},
  ...over,
});

const current = {
  systems: [system('coupa'), system('netsuite'), system('stripe')],
  flows: [flow('coupa-ns', 'coupa', 'netsuite'), flow('stripe-ns', 'stripe', 'netsuite')],
  calendars: [calendar('DE01'), calendar('US01', { timezone: 'America/New_York' })],
};

describe(planCatalogImport.name, () => {
  it('merge: creates, updates and keeps what the document does not mention', () => {
    const doc: CatalogDocument = {
      version: 1,
      systems: [system('netsuite', 'NetSuite ERP'), system('coupa'), system('anaplan')],
      flows: [flow('coupa-ns', 'coupa', 'netsuite'), flow('ns-anaplan', 'netsuite', 'anaplan')],
      calendars: [calendar('DE01', { deadline: 'WD+4' }), calendar('UK01', { timezone: 'Europe/London' })],
    };
    const plan = planCatalogImport(current, doc, 'merge');
    expect(plan.issues).toEqual([]);
    expect(plan.created).toEqual({ systems: ['anaplan'], flows: ['ns-anaplan'], calendars: ['UK01'] });
    expect(plan.updated).toEqual({ systems: ['netsuite'], flows: [], calendars: ['DE01'] });
    expect(plan.unchanged).toEqual({ systems: ['coupa'], flows: ['coupa-ns'], calendars: [] });
    expect(plan.deleted).toEqual({ systems: [], flows: [], calendars: [] });
    expect(plan.writeSystems.map((s) => s.id)).toEqual(['netsuite', 'anaplan']);
    expect(plan.writeFlows.map((f) => f.id)).toEqual(['ns-anaplan']);
    expect(plan.writeCalendars.map((c) => c.entity)).toEqual(['DE01', 'UK01']);
  });

  it('replace: also deletes systems, flows and calendars missing from the document', () => {
    const doc: CatalogDocument = {
      version: 1,
      systems: [system('coupa'), system('netsuite')],
      flows: [flow('coupa-ns', 'coupa', 'netsuite')],
      calendars: [calendar('DE01')],
    };
    const plan = planCatalogImport(current, doc, 'replace');
    expect(plan.issues).toEqual([]);
    expect(plan.deleted).toEqual({ systems: ['stripe'], flows: ['stripe-ns'], calendars: ['US01'] });
    expect(plan.unchanged).toEqual({ systems: ['coupa', 'netsuite'], flows: ['coupa-ns'], calendars: ['DE01'] });
    expect(plan.writeSystems).toEqual([]);
    expect(plan.writeFlows).toEqual([]);
  });

  it('sees any field change of a flow as an update', () => {
    const changes: Partial<FlowDto>[] = [
      { slo: { maxLagSeconds: 601, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0 } },
      { materiality: { amount: '10.00', currency: 'USD' } },
      { entities: ['US01'] },
      { ownerTeam: 'ap' },
    ];
    for (const change of changes) {
      const plan = planCatalogImport(current, { version: 1, systems: [], flows: [flow('coupa-ns', 'coupa', 'netsuite', change)], calendars: [] }, 'merge');
      expect(plan.updated.flows).toEqual(['coupa-ns']);
    }
  });

  it('ignores key order when comparing', () => {
    const reordered = Object.fromEntries(Object.entries(flow('coupa-ns', 'coupa', 'netsuite')).reverse()) as unknown as FlowDto;
    const plan = planCatalogImport(current, { version: 1, systems: [], flows: [reordered], calendars: [] }, 'merge');
    expect(plan.unchanged.flows).toEqual(['coupa-ns']);
  });

  it('sees a calendar change in a period override as an update', () => {
    const changed = calendar('DE01', { periods: { '2026-11': { closeStart: null, deadline: '2026-12-08T18:00:00+01:00' } } });
    const plan = planCatalogImport(current, { version: 1, systems: [], flows: [], calendars: [changed] }, 'merge');
    expect(plan.updated.calendars).toEqual(['DE01']);
  });

  it('names flows whose systems would not exist, per mode', () => {
    const doc: CatalogDocument = {
      version: 1,
      systems: [system('coupa')],
      flows: [flow('a', 'coupa', 'netsuite'), flow('b', 'nowhere', 'coupa')],
      calendars: [],
    };
    expect(planCatalogImport(current, doc, 'merge').issues.map((i) => i.field)).toEqual(['flows[1].sourceSystem']);
    expect(planCatalogImport(current, doc, 'replace').issues.map((i) => i.field)).toEqual(['flows[0].targetSystem', 'flows[1].sourceSystem']);
  });

  it('an export imported again changes nothing', () => {
    const plan = planCatalogImport(current, { version: 1, ...current }, 'replace');
    expect(plan.unchanged).toEqual({ systems: ['coupa', 'netsuite', 'stripe'], flows: ['coupa-ns', 'stripe-ns'], calendars: ['DE01', 'US01'] });
    expect([
      ...plan.created.systems,
      ...plan.created.flows,
      ...plan.updated.systems,
      ...plan.updated.flows,
      ...plan.deleted.systems,
      ...plan.deleted.flows,
    ]).toEqual([]);
  });
});
