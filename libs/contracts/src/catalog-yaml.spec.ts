import { type CatalogDocument } from './catalog';
import { catalogDocumentSchema } from './catalog-schema';
import { catalogToJson, catalogToYaml, parseCatalogYaml } from './catalog-yaml';

const doc: CatalogDocument = {
  version: 1,
  systems: [
    { id: 'netsuite', name: 'NetSuite', kind: 'erp', description: null },
    { id: 'coupa', name: 'Coupa', kind: 'procurement', description: 'P2P suite' },
  ],
  flows: [
    {
      id: 'zz-last',
      name: 'Nightly actuals',
      sourceSystem: 'netsuite',
      targetSystem: 'coupa',
      pattern: 'batch',
      workflow: 'record_to_report',
      slo: { maxLagSeconds: 3600, scheduleCron: '* 2 * * *', scheduleTimezone: 'UTC', graceSeconds: 900 },
      ownerTeam: 'fin-sys',
      alertRoute: null,
      impacts: ['close'],
      boardMetrics: [],
      materiality: { amount: '1000.00', currency: 'USD' },
      entities: ['US01'],
      description: null,
    },
    {
      id: 'aa-first',
      name: 'Invoices',
      sourceSystem: 'coupa',
      targetSystem: 'netsuite',
      pattern: 'event',
      workflow: 'procure_to_pay',
      slo: { maxLagSeconds: 900, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0 },
      ownerTeam: null,
      alertRoute: 'ap-oncall',
      impacts: ['cash', 'board_metric'],
      boardMetrics: ['ARR'],
      materiality: null,
      entities: [],
      description: null,
    },
  ],
  calendars: [
    {
      entity: 'US01',
      timezone: 'America/New_York',
      workweek: [1, 2, 3, 4, 5],
      holidays: ['2026-11-26', '2026-12-25'],
      closeStart: 'WD-2',
      deadline: 'WD+4',
      deadlineTime: '17:00',
      periods: {},
    },
    {
      entity: 'DE01',
      timezone: 'Europe/Berlin',
      workweek: [1, 2, 3, 4, 5],
      holidays: ['2026-12-25'],
      closeStart: 'WD-2',
      deadline: 'WD+5',
      deadlineTime: '18:00',
      periods: { '2026-11': { closeStart: null, deadline: '2026-12-08T18:00:00+01:00' } },
    },
  ],
};

describe('catalogToYaml', () => {
  it('sorts by id and round-trips through the schema unchanged', () => {
    const yaml = catalogToYaml(doc);
    expect(yaml.indexOf('id: aa-first')).toBeLessThan(yaml.indexOf('id: zz-last'));
    expect(yaml.indexOf('id: coupa')).toBeLessThan(yaml.indexOf('id: netsuite'));
    // Money stays a string, a cron starting with * stays a string, not an alias.
    expect(yaml).toContain('amount: "1000.00"');
    const parsed = parseCatalogYaml(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const again = catalogDocumentSchema.parse(parsed.value);
    expect(catalogToYaml(again)).toBe(yaml);
    // Dates and times stay strings under YAML 1.2, so the calendars survive the round trip too.
    expect(yaml.indexOf('entity: DE01')).toBeLessThan(yaml.indexOf('entity: US01'));
    expect(again.calendars).toEqual([doc.calendars[1], doc.calendars[0]]);
  });

  it('is stable whatever the input order', () => {
    const shuffled = { ...doc, systems: [...doc.systems].reverse(), flows: [...doc.flows].reverse(), calendars: [...doc.calendars].reverse() };
    expect(catalogToYaml(shuffled)).toBe(catalogToYaml(doc));
    expect(catalogToJson(shuffled)).toBe(catalogToJson(doc));
    expect(JSON.parse(catalogToJson(doc)).flows.map((f: { id: string }) => f.id)).toEqual(['aa-first', 'zz-last']);
  });
});

describe('parseCatalogYaml', () => {
  it('keeps the exact text of a plain number written for an amount', () => {
    const parsed = parseCatalogYaml('materiality:\n  amount: 12345678901234.1234\n  other: 1.50\n');
    expect(parsed).toEqual({ ok: true, value: { materiality: { amount: '12345678901234.1234', other: 1.5 } } });
  });

  it('reports syntax errors with line and column', () => {
    const parsed = parseCatalogYaml('version: 1\nsystems: [\n  { id: a\nflows: x\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toEqual({ field: 'body', message: expect.stringMatching(/^line \d+, column \d+: /) });
  });

  it('refuses duplicate keys', () => {
    expect(parseCatalogYaml('version: 1\nversion: 2\n').ok).toBe(false);
  });

  it('refuses a document whose aliases expand exponentially (billion laughs) with a field error', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const parsed = parseCatalogYaml(bomb);
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'body', message: expect.stringContaining('aliases') }] });
  });

  it('reads JSON too', () => {
    expect(parseCatalogYaml('{"version": 1, "systems": []}')).toEqual({ ok: true, value: { version: 1, systems: [] } });
  });
});
