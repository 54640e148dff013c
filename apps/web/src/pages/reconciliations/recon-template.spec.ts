import { type ReconDto } from '@closewatch/contracts/recon';
import { editableBody, NEW_RECON_TEMPLATE, parseDefinition } from './recon-template';

describe('recon editor helpers', () => {
  it('strips what the server adds from a stored definition', () => {
    const stored = {
      ...NEW_RECON_TEMPLATE,
      enabled: true,
      mode: 'merge',
      version: 3,
      createdAt: 'a',
      updatedAt: 'b',
      nextRunAt: null,
      lastRun: null,
      lastSucceededRun: null,
    } as ReconDto;
    const body = editableBody(stored);
    expect(body).toEqual({ ...NEW_RECON_TEMPLATE, enabled: true, mode: 'merge' });
  });

  it('parses an object and explains anything else', () => {
    expect(parseDefinition('{"id":"x"}')).toEqual({ ok: true, value: { id: 'x' } });
    expect(parseDefinition('[1]')).toEqual({ ok: false, message: 'The definition must be a JSON object' });
    const bad = parseDefinition('{"id":');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^Not valid JSON/);
  });
});
