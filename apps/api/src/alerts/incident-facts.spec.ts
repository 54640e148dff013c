import { runbookOf } from './incident-facts';

describe('runbookOf', () => {
  const runbooks = { target_rejected: 'https://wiki/tr', delivery_failure: 'https://wiki/df', default: 'https://wiki/any' };
  it("takes the incident's error class first, then its type, then the default", () => {
    expect(runbookOf({ runbooks, cause: 'target_rejected', exception_type: 'delivery_failure' })).toEqual({ runbook: 'https://wiki/tr' });
    expect(runbookOf({ runbooks, cause: 'mapping', exception_type: 'delivery_failure' })).toEqual({ runbook: 'https://wiki/df' });
    expect(runbookOf({ runbooks, cause: 'mapping', exception_type: null })).toEqual({ runbook: 'https://wiki/any' });
  });
  it('has none when the flow names none', () => expect(runbookOf({ runbooks: null, cause: 'x', exception_type: null })).toEqual({}));
});
