import { changesTouch, mergeChanges, resyncChanges } from './exception-changes';

describe(mergeChanges.name, () => {
  it('unites the ids and causes of events that arrived together, keeping the latest time', () => {
    let c = mergeChanges(null, { cause: 'intake', exceptionIds: ['e1', 'e2'], incidentIds: ['i1'], at: '2026-11-20T10:00:01.000Z' });
    c = mergeChanges(c, { cause: 'transition', exceptionIds: ['e2', 'e3'], incidentIds: [], at: '2026-11-20T10:00:00.500Z' });
    c = mergeChanges(c, { cause: 'intake', exceptionIds: [], incidentIds: ['i2'], at: '2026-11-20T10:00:02.000Z' });
    expect(c).toEqual({
      causes: ['intake', 'transition'],
      exceptionIds: ['e1', 'e2', 'e3'],
      incidentIds: ['i1', 'i2'],
      at: '2026-11-20T10:00:02.000Z',
      resync: false,
    });
  });
});

describe(changesTouch.name, () => {
  const c = mergeChanges(null, { cause: 'comment', exceptionIds: ['e1'], incidentIds: ['i1'], at: '2026-11-20T10:00:00.000Z' });
  it('matches the exception or incident shown', () => {
    expect(changesTouch(c, { exceptionId: 'e1' })).toBe(true);
    expect(changesTouch(c, { exceptionId: 'e2' })).toBe(false);
    expect(changesTouch(c, { incidentId: 'i1' })).toBe(true);
    expect(changesTouch(c, { incidentId: 'i9' })).toBe(false);
  });
  it('concerns a list of everything whatever changed', () => {
    expect(changesTouch(c, {})).toBe(true);
  });
  it('concerns everything after a reconnect, when events may have been missed', () => {
    expect(changesTouch(resyncChanges('2026-11-20T10:00:00.000Z'), { exceptionId: 'e2' })).toBe(true);
  });
});
