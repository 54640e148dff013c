import { type CatalogDocument, type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
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

const current = {
  systems: [system('coupa'), system('netsuite'), system('stripe')],
  flows: [flow('coupa-ns', 'coupa', 'netsuite'), flow('stripe-ns', 'stripe', 'netsuite')],
};

describe(planCatalogImport.name, () => {
  it('merge: creates, updates and keeps what the document does not mention', () => {
    const doc: CatalogDocument = {
      version: 1,
      systems: [system('netsuite', 'NetSuite ERP'), system('coupa'), system('anaplan')],
      flows: [flow('coupa-ns', 'coupa', 'netsuite'), flow('ns-anaplan', 'netsuite', 'anaplan')],
    };
    const plan = planCatalogImport(current, doc, 'merge');
    expect(plan.issues).toEqual([]);
    expect(plan.created).toEqual({ systems: ['anaplan'], flows: ['ns-anaplan'] });
    expect(plan.updated).toEqual({ systems: ['netsuite'], flows: [] });
    expect(plan.unchanged).toEqual({ systems: ['coupa'], flows: ['coupa-ns'] });
    expect(plan.deleted).toEqual({ systems: [], flows: [] });
    expect(plan.writeSystems.map((s) => s.id)).toEqual(['netsuite', 'anaplan']);
    expect(plan.writeFlows.map((f) => f.id)).toEqual(['ns-anaplan']);
  });

  it('replace: also deletes systems and flows missing from the document', () => {
    const doc: CatalogDocument = { version: 1, systems: [system('coupa'), system('netsuite')], flows: [flow('coupa-ns', 'coupa', 'netsuite')] };
    const plan = planCatalogImport(current, doc, 'replace');
    expect(plan.issues).toEqual([]);
    expect(plan.deleted).toEqual({ systems: ['stripe'], flows: ['stripe-ns'] });
    expect(plan.unchanged).toEqual({ systems: ['coupa', 'netsuite'], flows: ['coupa-ns'] });
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
      const plan = planCatalogImport(current, { version: 1, systems: [], flows: [flow('coupa-ns', 'coupa', 'netsuite', change)] }, 'merge');
      expect(plan.updated.flows).toEqual(['coupa-ns']);
    }
  });

  it('ignores key order when comparing', () => {
    const reordered = Object.fromEntries(Object.entries(flow('coupa-ns', 'coupa', 'netsuite')).reverse()) as unknown as FlowDto;
    const plan = planCatalogImport(current, { version: 1, systems: [], flows: [reordered] }, 'merge');
    expect(plan.unchanged.flows).toEqual(['coupa-ns']);
  });

  it('names flows whose systems would not exist, per mode', () => {
    const doc: CatalogDocument = { version: 1, systems: [system('coupa')], flows: [flow('a', 'coupa', 'netsuite'), flow('b', 'nowhere', 'coupa')] };
    expect(planCatalogImport(current, doc, 'merge').issues.map((i) => i.field)).toEqual(['flows[1].sourceSystem']);
    expect(planCatalogImport(current, doc, 'replace').issues.map((i) => i.field)).toEqual(['flows[0].targetSystem', 'flows[1].sourceSystem']);
  });

  it('an export imported again changes nothing', () => {
    const plan = planCatalogImport(current, { version: 1, ...current }, 'replace');
    expect(plan.unchanged).toEqual({ systems: ['coupa', 'netsuite', 'stripe'], flows: ['coupa-ns', 'stripe-ns'] });
    expect([...plan.created.systems, ...plan.created.flows, ...plan.updated.systems, ...plan.updated.flows, ...plan.deleted.systems, ...plan.deleted.flows]).toEqual([]);
  });
});
