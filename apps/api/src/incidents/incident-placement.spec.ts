import { type ExceptionToPlace } from '../exceptions/incident-grouping.port';
import { type IncidentCandidate, incidentGroupOf } from './incident-grouping';
import { groupsToPlace, groupWindows, planPlacement } from './incident-placement';

const t = (min: number) => new Date(Date.UTC(2026, 10, 20, 12, min));
const WINDOW = 30 * 60_000;
const GROUP_BY = ['flow', 'cause'] as const;

const exc = (ref: string, min: number, over: Partial<ExceptionToPlace> = {}): ExceptionToPlace => ({
  ref,
  flow: 'coupa-to-netsuite',
  type: 'delivery_failure',
  cause: 'mapping',
  entity: 'US01',
  period: '2026-11',
  firstSeenAt: t(min),
  lastSeenAt: t(min),
  ...over,
});
const keyOf = (e: ExceptionToPlace) => incidentGroupOf(e, GROUP_BY).key;
const ids = (...list: string[]) => {
  const queue = [...list];
  return () => queue.shift()!;
};

describe(groupsToPlace.name, () => {
  it('groups by the configured keys, keys sorted and members earliest first', () => {
    const a = exc('a', 20);
    const b = exc('b', 5);
    const other = exc('other', 0, { cause: 'transient' });
    const groups = groupsToPlace([a, other, b], GROUP_BY);
    expect([...groups.keys()]).toEqual([keyOf(a), keyOf(other)].sort());
    expect(groups.get(keyOf(a))!.members.map((e) => e.ref)).toEqual(['b', 'a']);
    expect(groups.get(keyOf(other))!.group).toMatchObject({ flow: 'coupa-to-netsuite', cause: 'transient', type: null });
  });
});

describe(groupWindows.name, () => {
  it('spans a group from its earliest exception minus the window to its latest plus the window', () => {
    const groups = groupsToPlace([exc('a', 20), exc('b', 5, { lastSeenAt: t(40) })], GROUP_BY);
    expect(groupWindows(groups, WINDOW)).toEqual([{ key: keyOf(exc('a', 0)), lo: t(-25).toISOString(), hi: t(70).toISOString() }]);
  });
});

describe(planPlacement.name, () => {
  it('joins a recent incident whose activity plus the window covers the exception', () => {
    const e = exc('a', 20);
    const recent = new Map<string, IncidentCandidate[]>([[keyOf(e), [{ id: 'incident-1', firstSeenAt: t(0), lastSeenAt: t(5) }]]]);
    const p = planPlacement(groupsToPlace([e], GROUP_BY), recent, WINDOW, ids());
    expect(p).toEqual({ incidentOf: new Map([['a', 'incident-1']]), incidentIds: ['incident-1'], created: [] });
  });

  it('opens an incident for a group without one in the window, titled after the group', () => {
    const e = exc('a', 20, { lastSeenAt: t(25) });
    const recent = new Map<string, IncidentCandidate[]>([[keyOf(e), [{ id: 'old', firstSeenAt: t(-120), lastSeenAt: t(-100) }]]]);
    const p = planPlacement(groupsToPlace([e], GROUP_BY), recent, WINDOW, ids('new-1'));
    expect(p.incidentOf).toEqual(new Map([['a', 'new-1']]));
    expect(p.created).toEqual([
      {
        id: 'new-1',
        group_key: keyOf(e),
        flow_id: 'coupa-to-netsuite',
        cause: 'mapping',
        exception_type: null,
        entity: null,
        period: null,
        title: 'coupa-to-netsuite: mapping failures',
        first_seen_at: t(20).toISOString(),
        last_seen_at: t(25).toISOString(),
      },
    ]);
  });

  it('puts later exceptions of a batch in the incident an earlier one opened, widening it as they come', () => {
    // 0 opens an incident; 25 joins it (within 30 minutes of 0); 50 joins it too, as 25 widened it; 90 is past the window.
    const batch = [exc('d', 90), exc('b', 25), exc('a', 0), exc('c', 50)];
    const p = planPlacement(groupsToPlace(batch, GROUP_BY), new Map(), WINDOW, ids('first', 'second'));
    expect(Object.fromEntries(p.incidentOf)).toEqual({ a: 'first', b: 'first', c: 'first', d: 'second' });
    expect(p.incidentIds).toEqual(['first', 'second']);
    expect(p.created.map((c) => c.id)).toEqual(['first', 'second']);
  });

  it('keeps groups apart and leaves the recent incidents given unchanged', () => {
    const a = exc('a', 0);
    const other = exc('other', 0, { flow: 'stripe-to-netsuite' });
    const candidate = { id: 'incident-1', firstSeenAt: t(0), lastSeenAt: t(0) };
    const recent = new Map<string, IncidentCandidate[]>([[keyOf(a), [candidate]]]);
    const p = planPlacement(groupsToPlace([a, exc('b', 20, { lastSeenAt: t(45) }), other], GROUP_BY), recent, WINDOW, ids('new-other'));
    expect(Object.fromEntries(p.incidentOf)).toEqual({ a: 'incident-1', b: 'incident-1', other: 'new-other' });
    expect(candidate).toEqual({ id: 'incident-1', firstSeenAt: t(0), lastSeenAt: t(0) });
  });
});
