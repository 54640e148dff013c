import { groupFlushAt, type PlanIncident, planIncidentChanges, type PlanRoute, planTick, type StateRow } from './alert-plan';

const T = new Date('2026-12-07T10:00:00Z');
const s = (n: number) => new Date(T.getTime() + n * 1000);

const route = (over: Partial<PlanRoute> = {}): PlanRoute => ({
  name: 'oncall',
  order: 1,
  match: {},
  receivers: ['pd'],
  continue: false,
  groupBy: [],
  groupWaitSeconds: 30,
  groupIntervalSeconds: 300,
  repeatIntervalSeconds: 4 * 3600,
  escalation: [],
  ...over,
});

const incident = (id: string, status: PlanIncident['status'] = 'open', flow = 'f'): PlanIncident => ({
  id,
  status,
  facts: { flow: [flow], type: ['delivery_failure'], severity: ['high'], impact: [], entity: [], owner: [] },
  flowRoute: null,
  groupValues: { flow, cause: id, type: null, severity: 'high', entity: null, period: null, owner: null },
});

const state = (incidentId: string, st: StateRow['state'], receiver = 'pd'): StateRow => ({
  incidentId,
  receiver,
  route: 'oncall',
  state: st,
  repeatIntervalSeconds: 3600,
});

const plan = (over: Partial<Parameters<typeof planIncidentChanges>[0]>) =>
  planIncidentChanges({ incidents: [], states: [], routes: [route()], silences: [], groupFlushes: new Map(), incidentRoutes: new Set(), now: T, ...over });

describe('groupFlushAt', () => {
  it('waits the group wait for a new group', () => expect(groupFlushAt(null, T, 30, 300)).toEqual(s(30)));
  it('joins a pending batch', () => expect(groupFlushAt(s(20), T, 30, 300)).toEqual(s(20)));
  it('waits for the group interval after a recent batch', () => expect(groupFlushAt(s(-100), T, 30, 300)).toEqual(s(200)));
  it('starts a new group once the interval has passed', () => expect(groupFlushAt(s(-400), T, 30, 300)).toEqual(s(30)));
});

describe('planIncidentChanges', () => {
  it('triggers each receiver of the matched routes once, at the group flush, with repeat and escalation timers', () => {
    const p = plan({ incidents: [incident('i1')], routes: [route({ receivers: ['pd', 'slack'], escalation: [{ afterMinutes: 15, receiver: 'boss' }] })] });
    expect(p.notifications.map((n) => [n.receiver, n.action, n.status, n.dueAt])).toEqual([
      ['pd', 'trigger', 'pending', s(30)],
      ['slack', 'trigger', 'pending', s(30)],
    ]);
    expect(p.states.map((x) => [x.receiver, x.state, x.repeatAt])).toEqual([
      ['pd', 'triggered', s(30 + 4 * 3600)],
      ['slack', 'triggered', s(30 + 4 * 3600)],
    ]);
    expect(p.incidentRoutes).toEqual([{ incidentId: 'i1', route: 'oncall', escalateAt: s(15 * 60) }]);
  });

  it('never triggers a receiver twice for one episode', () => {
    for (const st of ['triggered', 'acknowledged', 'silenced'] as const) {
      expect(plan({ incidents: [incident('i1')], states: [state('i1', st)] }).notifications).toEqual([]);
    }
  });

  it('triggers again when a resolved incident opens again', () => {
    expect(plan({ incidents: [incident('i1')], states: [state('i1', 'resolved')] }).notifications.map((n) => n.action)).toEqual(['trigger']);
  });

  it('batches incidents of one group', () => {
    const p = plan({ incidents: [incident('i1'), incident('i2')], routes: [route({ groupBy: ['flow'] })], groupFlushes: new Map() });
    expect(p.notifications.map((n) => n.dueAt)).toEqual([s(30), s(30)]);
    expect([...p.groups.values()]).toHaveLength(1);
    expect(p.notifications.map((n) => n.group)).toEqual([
      { key: '["oncall","f"]', by: { flow: 'f' } },
      { key: '["oncall","f"]', by: { flow: 'f' } },
    ]);
  });

  it('marks only a first trigger on a grouped route as part of its group (a trigger after a resolve goes alone)', () => {
    const p = plan({ incidents: [incident('i1')], states: [state('i1', 'resolved')], routes: [route({ groupBy: ['flow'] })] });
    expect(p.notifications.map((n) => [n.action, n.group])).toEqual([['trigger', undefined]]);
    expect(plan({ incidents: [incident('i2')] }).notifications[0]!.group).toBeUndefined();
  });

  it('acknowledges triggered receivers and resolves triggered or acknowledged ones, at once', () => {
    const ack = plan({ incidents: [incident('i1', 'acknowledged')], states: [state('i1', 'triggered'), state('i1', 'resolved', 'old')] });
    expect(ack.notifications.map((n) => [n.receiver, n.action, n.dueAt])).toEqual([['pd', 'acknowledge', T]]);
    expect(ack.stopEscalation).toEqual(['i1']);
    const res = plan({ incidents: [incident('i1', 'resolved')], states: [state('i1', 'acknowledged'), state('i1', 'silenced', 'muted')] });
    expect(res.notifications.map((n) => [n.receiver, n.action])).toEqual([['pd', 'resolve']]);
    expect(res.states.map((x) => [x.receiver, x.state])).toEqual([
      ['pd', 'resolved'],
      ['muted', 'resolved'],
    ]);
  });

  it('logs a silenced trigger and holds the receiver silenced', () => {
    const p = plan({ incidents: [incident('i1')], silences: [{ id: 's1', matchers: { flow: 'f' } }] });
    expect(p.notifications.map((n) => [n.action, n.status])).toEqual([['trigger', 'silenced']]);
    expect(p.states.map((x) => [x.state, x.repeatAt])).toEqual([['silenced', null]]);
  });
});

describe('planTick', () => {
  const routes = new Map([
    [
      'oncall',
      route({
        escalation: [
          { afterMinutes: 10, receiver: 'lead' },
          { afterMinutes: 30, receiver: 'head' },
        ],
      }),
    ],
  ]);
  const tick = (over: Partial<Parameters<typeof planTick>[0]>) =>
    planTick({ repeats: [], escalations: [], unsilenced: [], routes, existingReceivers: new Set(), silences: [], now: T, ...over });

  it('repeats to a receiver still triggered on an open incident, and stops otherwise', () => {
    const p = tick({
      repeats: [
        { ...state('i1', 'triggered'), incidentStatus: 'open' },
        { ...state('i2', 'acknowledged'), incidentStatus: 'acknowledged' },
      ],
    });
    expect(p.notifications.map((n) => [n.incidentId, n.action])).toEqual([['i1', 'repeat']]);
    expect(p.repeats).toEqual([
      { incidentId: 'i1', receiver: 'pd', repeatAt: s(3600) },
      { incidentId: 'i2', receiver: 'pd', repeatAt: null },
    ]);
  });

  it('escalates to the next receiver of the chain and schedules the step after', () => {
    const triggeredAt = s(-600);
    const facts = incident('i1').facts;
    const p = tick({ escalations: [{ incidentId: 'i1', route: 'oncall', incidentStatus: 'open', triggeredAt, step: 0, facts }] });
    expect(p.notifications.map((n) => [n.receiver, n.action, n.status])).toEqual([['lead', 'escalate', 'pending']]);
    expect(p.escalations).toEqual([{ incidentId: 'i1', route: 'oncall', step: 1, escalateAt: s(-600 + 30 * 60) }]);
    expect(p.states.map((x) => [x.receiver, x.state, x.via])).toEqual([['lead', 'triggered', 'escalation']]);
    const last = tick({ escalations: [{ incidentId: 'i1', route: 'oncall', incidentStatus: 'open', triggeredAt, step: 1, facts }] });
    expect(last.escalations[0]!.escalateAt).toBeNull();
    const acked = tick({ escalations: [{ incidentId: 'i1', route: 'oncall', incidentStatus: 'acknowledged', triggeredAt, step: 0, facts }] });
    expect(acked.notifications).toEqual([]);
  });

  it('triggers a receiver whose silence ended while its incident is open', () => {
    const p = tick({
      unsilenced: [
        { ...state('i1', 'silenced'), incidentStatus: 'open' },
        { ...state('i2', 'silenced'), incidentStatus: 'resolved' },
      ],
    });
    expect(p.notifications.map((n) => [n.incidentId, n.action, n.status])).toEqual([['i1', 'trigger', 'pending']]);
  });
});
