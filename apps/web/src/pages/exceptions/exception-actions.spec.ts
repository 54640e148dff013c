import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { ROLES } from '@closewatch/contracts/roles';
import { exceptionActions, mayActOnExceptions } from './exception-actions';

const me = { id: 'u-1', role: 'finance_ops' as const };
const shown = (a: ReturnType<typeof exceptionActions>) =>
  Object.entries(a)
    .filter(([, v]) => v.shown)
    .map(([k]) => k)
    .sort();

const pendingBy = (id: string): ExceptionDto['dismissal'] => ({
  reason: 'timing difference',
  requestedAt: '2026-11-20T10:00:00.000Z',
  requestedBy: { kind: 'user', id, email: `${id}@example.com` },
  pendingApproval: true,
  approvedAt: null,
  approvedBy: null,
});

describe(exceptionActions.name, () => {
  it('lets admins, finance and IT ops act', () => {
    expect(ROLES.filter(mayActOnExceptions)).toEqual(['admin', 'finance_ops', 'it_ops']);
  });

  it('offers an open exception every forward step', () => {
    expect(shown(exceptionActions({ status: 'open', dismissal: null }, me))).toEqual(['acknowledge', 'assign', 'comment', 'dismiss', 'resolve']);
  });

  it('does not acknowledge twice', () => {
    expect(shown(exceptionActions({ status: 'acknowledged', dismissal: null }, me))).toEqual(['assign', 'comment', 'dismiss', 'resolve']);
  });

  it('only reopens (and comments on) resolved and dismissed exceptions', () => {
    for (const status of ['resolved', 'dismissed'] as const) {
      expect(shown(exceptionActions({ status, dismissal: null }, me))).toEqual(['comment', 'reopen']);
    }
  });

  it('lets a second person approve a pending dismissal, never the one who asked', () => {
    const other = exceptionActions({ status: 'open', dismissal: pendingBy('u-2') }, me);
    expect(shown(other)).toEqual(['acknowledge', 'approveDismissal', 'assign', 'comment', 'rejectDismissal', 'resolve']);
    expect(other.approveDismissal.blocked).toBeUndefined();
    const mine = exceptionActions({ status: 'open', dismissal: pendingBy('u-1') }, me);
    expect(mine.approveDismissal).toEqual({ shown: true, blocked: expect.stringMatching(/second person/) });
    expect(mine.dismiss.shown).toBe(false);
  });

  it('offers auditors and viewers nothing', () => {
    for (const role of ['auditor', 'viewer'] as const) {
      expect(shown(exceptionActions({ status: 'open', dismissal: pendingBy('u-2') }, { id: 'u-1', role }))).toEqual([]);
    }
  });
});
