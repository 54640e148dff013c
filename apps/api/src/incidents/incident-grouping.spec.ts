import { parseIncidentGroupBy } from '../config/exception-settings';
import { incidentGroupOf, incidentStatusOf, incidentTitle, pickIncident } from './incident-grouping';

const exc = { flow: 'coupa-to-netsuite', type: 'delivery_failure' as const, cause: 'mapping', entity: 'US01', period: '2026-11' };

describe(incidentGroupOf.name, () => {
  it('groups by flow and cause by default, the type standing in for a missing cause', () => {
    const keys = parseIncidentGroupBy('flow,cause');
    expect(incidentGroupOf(exc, keys).key).toBe(incidentGroupOf({ ...exc, entity: 'DE01', period: '2026-10' }, keys).key);
    expect(incidentGroupOf(exc, keys).key).not.toBe(incidentGroupOf({ ...exc, cause: 'transient' }, keys).key);
    expect(incidentGroupOf(exc, keys).key).not.toBe(incidentGroupOf({ ...exc, flow: 'other' }, keys).key);
    expect(incidentGroupOf({ ...exc, type: 'sync_delay', cause: null }, keys)).toMatchObject({ cause: 'sync_delay', type: null, entity: null });
  });

  it('groups by more keys when configured', () => {
    const keys = parseIncidentGroupBy('entity, flow, cause');
    expect(incidentGroupOf(exc, keys).key).not.toBe(incidentGroupOf({ ...exc, entity: 'DE01' }, keys).key);
    expect(incidentGroupOf(exc, keys)).toMatchObject({ entity: 'US01', period: null });
  });
});

describe(parseIncidentGroupBy.name, () => {
  it('requires flow and known keys', () => {
    expect(parseIncidentGroupBy('cause, flow, cause')).toEqual(['flow', 'cause']);
    expect(() => parseIncidentGroupBy('cause')).toThrow(/flow/);
    expect(() => parseIncidentGroupBy('flow,team')).toThrow(/team/);
  });
});

describe(pickIncident.name, () => {
  const t = (min: number) => new Date(Date.UTC(2026, 10, 20, 12, min));
  const window = 30 * 60_000;
  const candidates = [
    { id: 'old', firstSeenAt: t(-120), lastSeenAt: t(-100) },
    { id: 'recent', firstSeenAt: t(0), lastSeenAt: t(10) },
  ];

  it('joins the incident whose activity plus the window covers the time seen', () => {
    expect(pickIncident(candidates, t(40), window)).toBe('recent');
    expect(pickIncident(candidates, t(-25), window)).toBe('recent');
    expect(pickIncident(candidates, t(-80), window)).toBe('old');
  });

  it('starts a new incident past the window', () => {
    expect(pickIncident(candidates, t(41), window)).toBeNull();
    expect(pickIncident([], t(0), window)).toBeNull();
  });
});

describe(incidentStatusOf.name, () => {
  it('derives the status from its exceptions', () => {
    expect(incidentStatusOf({ open: 1, acknowledged: 2, resolved: 5 })).toBe('open');
    expect(incidentStatusOf({ acknowledged: 2, dismissed: 1 })).toBe('acknowledged');
    expect(incidentStatusOf({ resolved: 3, dismissed: 1 })).toBe('resolved');
  });
});

describe(incidentTitle.name, () => {
  it('names the flow and the cause', () => {
    expect(incidentTitle(incidentGroupOf(exc, ['flow', 'cause']), 'delivery_failure')).toBe('coupa-to-netsuite: mapping failures');
    expect(incidentTitle(incidentGroupOf({ ...exc, cause: null, type: 'sync_delay' }, ['flow', 'cause']), 'sync_delay')).toBe('coupa-to-netsuite: sync delays');
  });
});
