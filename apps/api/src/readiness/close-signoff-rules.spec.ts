import { signOffRefusal } from './close-signoff-rules';

describe('signOffRefusal', () => {
  it('lets a ready close be signed off, with or without a note', () => {
    expect(signOffRefusal('ready', undefined, 0)).toBeUndefined();
    expect(signOffRefusal('ready', 'all clear', 0)).toBeUndefined();
  });

  it('needs a note to sign off a close at risk', () => {
    expect(signOffRefusal('at_risk', undefined, 0)).toEqual({ field: 'note', message: expect.stringMatching(/required to sign off a close that is at risk/) });
    expect(signOffRefusal('at_risk', 'FX rate confirmed by treasury', 0)).toBeUndefined();
  });

  it('never signs off a blocked close, naming how many reasons block it', () => {
    expect(signOffRefusal('blocked', 'please', 1)?.message).toBe('is blocked by 1 reason; resolve what blocks it before signing off');
    expect(signOffRefusal('blocked', undefined, 3)?.message).toMatch(/blocked by 3 reasons/);
  });
});
