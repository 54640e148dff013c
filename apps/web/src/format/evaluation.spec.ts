import { evaluationNotice } from './evaluation';

describe('evaluationNotice', () => {
  it('says nothing while the evaluator is caught up or the state is unknown', () => {
    expect(evaluationNotice(undefined)).toBeNull();
    expect(evaluationNotice({ lagSeconds: 0, paceLagSeconds: 5, paced: false })).toBeNull();
    expect(evaluationNotice({ lagSeconds: 2.9, paceLagSeconds: 5, paced: false })).toBeNull();
  });

  it('says how far behind the statuses are', () => {
    expect(evaluationNotice({ lagSeconds: 3.24, paceLagSeconds: 5, paced: false })).toEqual({
      text: 'Sync health trails ingest by 3.2 s: hops received since then are not in the statuses yet.',
      paced: false,
    });
    expect(evaluationNotice({ lagSeconds: 125, paceLagSeconds: 0, paced: false })?.text).toContain('by 2 min 05 s');
  });

  it('says ingest is paced from the pacing threshold on, and until when', () => {
    const notice = evaluationNotice({ lagSeconds: 5, paceLagSeconds: 5, paced: false });
    expect(notice?.paced).toBe(true);
    expect(notice?.text).toContain('Ingest is paced this far behind: each server writes one request at a time until the lag is under 2.5 s.');
    expect(evaluationNotice({ lagSeconds: 40, paceLagSeconds: 0, paced: false })?.paced).toBe(false);
  });

  it('goes on saying so below the threshold while the answering server still paces (until half of it)', () => {
    expect(evaluationNotice({ lagSeconds: 4, paceLagSeconds: 5, paced: true })?.paced).toBe(true);
    expect(evaluationNotice({ lagSeconds: 4, paceLagSeconds: 5, paced: false })?.paced).toBe(false);
  });
});
