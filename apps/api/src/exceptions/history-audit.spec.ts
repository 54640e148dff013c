import { systemTransitionAudit } from './history-audit';

describe(systemTransitionAudit.name, () => {
  it('gives one system entry per transition, naming the part of Closewatch that made it', () => {
    const entries = systemTransitionAudit({ kind: 'system', name: 'recon' }, [
      { exceptionId: 'e1', action: 'created', fromStatus: null, toStatus: 'open', details: { severity: 'high' } },
      { exceptionId: 'e2', action: 'auto_resolved', fromStatus: 'acknowledged', toStatus: 'resolved', reason: 'record posted' },
    ]);
    expect(entries).toEqual([
      {
        actor: { kind: 'system', id: null, email: null },
        action: 'exception.created',
        objectType: 'exception',
        objectId: 'e1',
        before: null,
        after: { status: 'open', reason: null, details: { severity: 'high' }, source: 'recon' },
      },
      {
        actor: { kind: 'system', id: null, email: null },
        action: 'exception.auto_resolved',
        objectType: 'exception',
        objectId: 'e2',
        before: { status: 'acknowledged' },
        after: { status: 'resolved', reason: 'record posted', details: null, source: 'recon' },
      },
    ]);
  });
});
