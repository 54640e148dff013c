import { deriveIncident, type IncidentAggregate } from './incident-derivation';

const now = new Date('2026-11-20T12:00:00.000Z');
const aggregate = (over: Partial<IncidentAggregate> = {}): IncidentAggregate => ({
  incident_id: 'incident-1',
  open: 0,
  acknowledged: 0,
  resolved: 0,
  dismissed: 0,
  occurrences: '7',
  first_seen_at: new Date('2026-11-20T10:00:00.000Z'),
  last_seen_at: new Date('2026-11-20T11:00:00.000Z'),
  unresolved_rank: null,
  any_rank: 1,
  last_closed_at: null,
  ...over,
});

describe(deriveIncident.name, () => {
  it('is open while any exception is open, with the counts and the highest unresolved severity', () => {
    expect(deriveIncident(aggregate({ open: 1, acknowledged: 2, resolved: 3, dismissed: 1, unresolved_rank: 3, any_rank: 4 }), undefined, now)).toEqual({
      id: 'incident-1',
      status: 'open',
      severity: 'high',
      exception_count: 7,
      unresolved_count: 3,
      occurrences: '7',
      first_seen_at: '2026-11-20T10:00:00.000Z',
      last_seen_at: '2026-11-20T11:00:00.000Z',
      resolved_at: null,
    });
  });

  it('is acknowledged while every unresolved exception is', () => {
    expect(deriveIncident(aggregate({ acknowledged: 2, resolved: 1, unresolved_rank: 2 }), undefined, now)).toMatchObject({
      status: 'acknowledged',
      severity: 'medium',
    });
  });

  it('resolves at its last exception closing, with the highest severity of all', () => {
    const closed = new Date('2026-11-20T11:30:00.000Z');
    expect(
      deriveIncident(
        aggregate({ resolved: 2, dismissed: 1, any_rank: 4, last_closed_at: closed }),
        { id: 'incident-1', status: 'open', resolved_at: null },
        now,
      ),
    ).toMatchObject({
      status: 'resolved',
      severity: 'critical',
      unresolved_count: 0,
      resolved_at: closed.toISOString(),
    });
    expect(deriveIncident(aggregate({ resolved: 1 }), undefined, now).resolved_at).toBe(now.toISOString());
  });

  it('keeps the time an already resolved incident was resolved at', () => {
    const before = { id: 'incident-1', status: 'resolved', resolved_at: new Date('2026-11-19T00:00:00.000Z') };
    expect(deriveIncident(aggregate({ resolved: 2, last_closed_at: now }), before, now).resolved_at).toBe('2026-11-19T00:00:00.000Z');
  });
});
