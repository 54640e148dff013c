import { evaluationNotice } from './evaluation';

describe('evaluationNotice', () => {
  it('says nothing while the evaluator is caught up or the state is unknown', () => {
    expect(evaluationNotice(undefined)).toBeNull();
    expect(evaluationNotice({ lagSeconds: 0, paceLagSeconds: 5 })).toBeNull();
    expect(evaluationNotice({ lagSeconds: 2.9, paceLagSeconds: 5 })).toBeNull();
  });

  it('says how far behind the statuses are', () => {
    expect(evaluationNotice({ lagSeconds: 3.24, paceLagSeconds: 5 })).toEqual({
      text: 'Sync health trails ingest by 3.2 s: hops received since then are not in the statuses yet.',
      paced: false,
    });
    expect(evaluationNotice({ lagSeconds: 125, paceLagSeconds: 0 })?.text).toContain('by 2 min 05 s');
  });

  it('says ingest is paced from the pacing threshold on, and until when', () => {
    const notice = evaluationNotice({ lagSeconds: 5, paceLagSeconds: 5 });
    expect(notice?.paced).toBe(true);
    expect(notice?.text).toContain('Ingest is paced this far behind: each server writes one request at a time until the lag is under 2.5 s.');
    expect(evaluationNotice({ lagSeconds: 40, paceLagSeconds: 0 })?.paced).toBe(false);
  });
});
