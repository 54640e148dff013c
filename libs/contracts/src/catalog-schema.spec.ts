import { catalogDocumentSchema, canonicalMoney, cronProblem, flowSchema, isTimeZone, systemSchema } from './catalog-schema';
import { issueDetails } from './validation-issues';

const flow = (over: Record<string, unknown> = {}) => ({
  id: 'coupa-to-netsuite-invoices',
  name: 'AP invoices: Coupa to NetSuite',
  sourceSystem: 'coupa',
  targetSystem: 'netsuite',
  pattern: 'event',
  workflow: 'procure_to_pay',
  slo: { maxLagSeconds: 900 },
  ...over,
});

function fields(schema: typeof flowSchema | typeof catalogDocumentSchema | typeof systemSchema, value: unknown): string[] {
  const r = schema.safeParse(value);
  if (r.success) return [];
  return issueDetails(r.error).map((d) => d.field);
}

describe('flowSchema', () => {
  it('fills defaults and canonicalises lists and money', () => {
    const parsed = flowSchema.parse(
      flow({
        impacts: ['cash', 'close', 'cash'],
        entities: ['US01', 'DE01', 'US01'],
        materiality: { amount: '0250000.5', currency: 'USD' },
        ownerTeam: '  ',
      }),
    );
    expect(parsed).toEqual({
      ...flow(),
      slo: { maxLagSeconds: 900, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0 },
      ownerTeam: null,
      alertRoute: null,
      impacts: ['close', 'cash'],
      boardMetrics: [],
      materiality: { amount: '250000.50', currency: 'USD' },
      entities: ['DE01', 'US01'],
      description: null,
    });
  });

  it('keeps runbook URLs by error class (keys sorted), none when empty, and refuses what is not an http(s) URL', () => {
    const parsed = flowSchema.parse(flow({ runbooks: { target_rejected: 'https://wiki/tr', default: 'https://wiki/any' } }));
    expect(Object.entries(parsed.runbooks!)).toEqual([
      ['default', 'https://wiki/any'],
      ['target_rejected', 'https://wiki/tr'],
    ]);
    expect(flowSchema.parse(flow({ runbooks: {} })).runbooks).toBeUndefined();
    expect(flowSchema.parse(flow({ runbooks: null })).runbooks).toBeUndefined();
    expect(fields(flowSchema, flow({ runbooks: { mapping: 'ftp://x' } }))).toEqual(['runbooks.mapping']);
    expect(fields(flowSchema, flow({ runbooks: { 'not a class': 'https://x' } }))).toEqual(['runbooks.not a class']);
  });

  it('keeps the replay receiver, none when absent, and names the field when it is empty', () => {
    expect(flowSchema.parse(flow({ replay: { receiver: 'middleware' } })).replay).toEqual({ receiver: 'middleware' });
    expect(flowSchema.parse(flow({ replay: null })).replay).toBeUndefined();
    expect(fields(flowSchema, flow({ replay: { receiver: '' } }))).toEqual(['replay.receiver']);
  });

  it('requires an expected schedule for batch flows', () => {
    expect(fields(flowSchema, flow({ pattern: 'batch' }))).toEqual(['slo.scheduleCron']);
    expect(
      fields(
        flowSchema,
        flow({ pattern: 'batch', slo: { maxLagSeconds: 60, scheduleCron: '0 2 * * *', scheduleTimezone: 'Europe/Berlin', graceSeconds: 600 } }),
      ),
    ).toEqual([]);
  });

  it('rejects bad cron expressions and unknown time zones, naming the field', () => {
    expect(fields(flowSchema, flow({ slo: { maxLagSeconds: 60, scheduleCron: '61 * * * *' } }))).toEqual(['slo.scheduleCron']);
    expect(fields(flowSchema, flow({ slo: { maxLagSeconds: 60, scheduleCron: '* * *' } }))).toEqual(['slo.scheduleCron']);
    expect(fields(flowSchema, flow({ slo: { maxLagSeconds: 60, scheduleTimezone: 'Mars/Olympus' } }))).toEqual(['slo.scheduleTimezone']);
  });

  it('takes an optional silence threshold for event flows only, absent when off', () => {
    expect(flowSchema.parse(flow()).slo).not.toHaveProperty('maxSilenceSeconds');
    expect(flowSchema.parse(flow({ slo: { maxLagSeconds: 900, maxSilenceSeconds: null } })).slo).not.toHaveProperty('maxSilenceSeconds');
    expect(flowSchema.parse(flow({ slo: { maxLagSeconds: 900, maxSilenceSeconds: 7200 } })).slo.maxSilenceSeconds).toBe(7200);
    expect(fields(flowSchema, flow({ slo: { maxLagSeconds: 900, maxSilenceSeconds: 30 } }))).toEqual(['slo.maxSilenceSeconds']);
    expect(fields(flowSchema, flow({ slo: { maxLagSeconds: 900, maxSilenceSeconds: 90.5 } }))).toEqual(['slo.maxSilenceSeconds']);
    expect(fields(flowSchema, flow({ slo: { maxLagSeconds: 900, maxSilenceSeconds: '1h' } }))).toEqual(['slo.maxSilenceSeconds']);
    expect(fields(flowSchema, flow({ pattern: 'batch', slo: { maxLagSeconds: 60, scheduleCron: '0 2 * * *', maxSilenceSeconds: 7200 } }))).toEqual([
      'slo.maxSilenceSeconds',
    ]);
    expect(fields(catalogDocumentSchema, { version: 1, flows: [flow(), flow({ id: 'b', slo: { maxLagSeconds: 60, maxSilenceSeconds: 0 } })] })).toEqual([
      'flows[1].slo.maxSilenceSeconds',
    ]);
  });

  it('writes a time zone with its canonical capitalisation', () => {
    expect(flowSchema.parse(flow({ slo: { maxLagSeconds: 60, scheduleTimezone: 'america/new_york' } })).slo.scheduleTimezone).toBe('America/New_York');
  });

  it('ties board metrics to the board_metric impact both ways', () => {
    expect(fields(flowSchema, flow({ impacts: ['board_metric'] }))).toEqual(['boardMetrics']);
    expect(fields(flowSchema, flow({ boardMetrics: ['ARR'] }))).toEqual(['boardMetrics']);
    expect(flowSchema.parse(flow({ impacts: ['board_metric'], boardMetrics: ['ARR', 'bookings'] })).boardMetrics).toEqual(['ARR', 'bookings']);
  });

  it('keeps materiality exact and refuses what numeric(20,4) cannot hold', () => {
    expect(flowSchema.parse(flow({ materiality: { amount: 1000.1, currency: 'EUR' } })).materiality).toEqual({ amount: '1000.10', currency: 'EUR' });
    expect(fields(flowSchema, flow({ materiality: { amount: '1.23456', currency: 'EUR' } }))).toEqual(['materiality.amount']);
    expect(fields(flowSchema, flow({ materiality: { amount: '-5', currency: 'EUR' } }))).toEqual(['materiality.amount']);
    expect(fields(flowSchema, flow({ materiality: { amount: '5', currency: 'euro' } }))).toEqual(['materiality.currency']);
  });

  it('names every bad field, unknown keys included', () => {
    expect(fields(flowSchema, flow({ id: 'Has Spaces', pattern: 'carrier_pigeon', slo: { maxLagSeconds: 0 }, colour: 'red' })).sort()).toEqual(
      ['colour', 'id', 'pattern', 'slo.maxLagSeconds'].sort(),
    );
    const missing = flowSchema.safeParse({ id: 'x' });
    expect(missing.success).toBe(false);
    const details = issueDetails(missing.error!);
    expect(details).toContainEqual({ field: 'sourceSystem', message: 'is required' });
  });
});

describe('systemSchema', () => {
  it('takes lowercase slugs only', () => {
    expect(systemSchema.parse({ id: 'oracle-fusion', name: 'Oracle Fusion', kind: 'erp' })).toEqual({
      id: 'oracle-fusion',
      name: 'Oracle Fusion',
      kind: 'erp',
      description: null,
    });
    expect(fields(systemSchema, { id: 'Oracle', name: 'Oracle', kind: 'erp' })).toEqual(['id']);
    expect(fields(systemSchema, { id: 'sap', name: 'SAP', kind: 'mainframe' })).toEqual(['kind']);
  });
});

describe('catalogDocumentSchema', () => {
  const systems = [
    { id: 'coupa', name: 'Coupa', kind: 'procurement' },
    { id: 'netsuite', name: 'NetSuite', kind: 'erp' },
  ];

  it('reports errors with array paths', () => {
    const doc = { version: 1, systems, flows: [flow(), flow({ id: 'b' }), flow({ id: 'c' }), flow({ id: 'd', slo: { maxLagSeconds: 'soon' } })] };
    expect(fields(catalogDocumentSchema, doc)).toEqual(['flows[3].slo.maxLagSeconds']);
  });

  it('refuses duplicate ids, naming the second occurrence', () => {
    const r = catalogDocumentSchema.safeParse({ version: 1, systems: [...systems, systems[0]], flows: [flow(), flow()] });
    expect(r.success).toBe(false);
    expect(issueDetails(r.error!)).toEqual([
      { field: 'systems[2].id', message: 'duplicates systems[0].id "coupa"' },
      { field: 'flows[1].id', message: 'duplicates flows[0].id "coupa-to-netsuite-invoices"' },
    ]);
  });

  it('requires version 1 and treats missing lists as empty', () => {
    expect(fields(catalogDocumentSchema, { version: 2 })).toEqual(['version']);
    expect(catalogDocumentSchema.parse({ version: 1 })).toEqual({ version: 1, systems: [], flows: [], calendars: [] });
  });
});

describe('helpers', () => {
  it('canonicalMoney keeps the value and at least two decimals', () => {
    expect(['1000', '1000.5', '12.3400', '007.1250', '0', '1000.0000'].map(canonicalMoney)).toEqual([
      '1000.00',
      '1000.50',
      '12.34',
      '7.125',
      '0.00',
      '1000.00',
    ]);
  });

  it('cronProblem accepts 5 and 6 fields only', () => {
    expect(cronProblem('0 2 * * *')).toBeUndefined();
    expect(cronProblem('30 0 2 * * 1-5', 'Asia/Tokyo')).toBeUndefined();
    expect(cronProblem('0 2 * * * * *')).toMatch(/5 or 6 fields/);
    expect(cronProblem('0 25 * * *')).toMatch(/not a valid cron/);
  });

  it('isTimeZone knows IANA names', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Nowhere/Special')).toBe(false);
  });
});

describe('catalogDocumentSchema calendars', () => {
  const cal = { entity: 'DE01', timezone: 'Europe/Berlin', deadline: 'WD+5' };

  it('names the path of a calendar problem and of a repeated entity', () => {
    const r = catalogDocumentSchema.safeParse({ version: 1, calendars: [cal, { ...cal, entity: 'US01', workweek: [1, 8] }, cal] });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(issueDetails(r.error).map((d) => `${d.field}: ${d.message}`)).toEqual([
        'calendars[1].workweek[1]: must be an ISO weekday, 1 (Monday) to 7 (Sunday)',
        'calendars[2].entity: duplicates calendars[0].entity "DE01"',
      ]);
    }
  });
});
