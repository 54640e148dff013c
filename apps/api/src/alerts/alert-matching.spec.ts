import { groupKeyOf, type IncidentFacts, matches, routesFor } from './alert-matching';

const facts: IncidentFacts = {
  flow: ['coupa-to-netsuite'],
  type: ['delivery_failure'],
  severity: ['high'],
  impact: ['close', 'cash'],
  entity: ['US01'],
  owner: ['ap-systems'],
};

const route = (name: string, order: number, match = {}, cont = false) => ({ name, order, match, receivers: [name], continue: cont });

describe('matches', () => {
  it('matches every incident with no matchers', () => expect(matches({}, facts)).toBe(true));
  it('takes one value or a list; a list matches any of its values', () => {
    expect(matches({ severity: 'high' }, facts)).toBe(true);
    expect(matches({ severity: ['critical', 'high'] }, facts)).toBe(true);
    expect(matches({ severity: ['critical'] }, facts)).toBe(false);
  });
  it('matches an impact list when any impact is wanted', () => {
    expect(matches({ impact: 'cash' }, facts)).toBe(true);
    expect(matches({ impact: 'board_metric' }, facts)).toBe(false);
  });
  it('needs every matcher given', () => {
    expect(matches({ flow: 'coupa-to-netsuite', owner: 'ap-systems' }, facts)).toBe(true);
    expect(matches({ flow: 'coupa-to-netsuite', owner: 'treasury' }, facts)).toBe(false);
  });
  it('does not match a key the incident has no value for', () => expect(matches({ entity: 'US01' }, { ...facts, entity: [] })).toBe(false));
});

describe('routesFor', () => {
  it('takes the first matching route in order and stops without continue', () => {
    const routes = [route('b', 2), route('a', 1, { severity: 'critical' }), route('c', 3)];
    expect(routesFor(routes, facts, null).map((r) => r.name)).toEqual(['b']);
  });
  it('goes on past a route with continue', () => {
    const routes = [route('a', 1, {}, true), route('b', 2, { flow: 'other' }), route('c', 3)];
    expect(routesFor(routes, facts, null).map((r) => r.name)).toEqual(['a', 'c']);
  });
  it("picks the flow's alert route by name first, whatever its matchers", () => {
    const routes = [route('a', 1), route('named', 9, { severity: 'critical' })];
    expect(routesFor(routes, facts, 'named').map((r) => r.name)).toEqual(['named']);
    expect(routesFor([route('a', 1), route('named', 9, {}, true)], facts, 'named').map((r) => r.name)).toEqual(['named', 'a']);
  });
  it('ignores a flow route that does not exist', () => expect(routesFor([route('a', 1)], facts, 'gone').map((r) => r.name)).toEqual(['a']));
});

describe('groupKeyOf', () => {
  const values = { flow: 'f', cause: 'c', type: null, severity: 'high', entity: 'US01', period: null, owner: null };
  it('groups by the route and the values of its keys', () => {
    expect(groupKeyOf('r', ['flow'], values, 'i1')).toBe(groupKeyOf('r', ['flow'], { ...values, cause: 'other' }, 'i2'));
    expect(groupKeyOf('r', ['flow', 'cause'], values, 'i1')).not.toBe(groupKeyOf('r', ['flow', 'cause'], { ...values, cause: 'other' }, 'i2'));
  });
  it('makes every incident a group of its own without keys', () => expect(groupKeyOf('r', [], values, 'i1')).not.toBe(groupKeyOf('r', [], values, 'i2')));
});
