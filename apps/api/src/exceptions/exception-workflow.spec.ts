import { decide, type WorkflowState } from './exception-workflow';

const state = (over: Partial<WorkflowState> = {}): WorkflowState => ({
  status: 'open',
  resolutionCode: null,
  assigneeId: null,
  dismissalRequestedBy: null,
  dismissalPending: false,
  dismissalApprovedBy: null,
  ...over,
});

describe(decide.name, () => {
  it('acknowledges an open exception once', () => {
    expect(decide(state(), { kind: 'acknowledge' })).toEqual({ ok: true, to: 'acknowledged', action: 'acknowledged' });
    expect(decide(state({ status: 'acknowledged' }), { kind: 'acknowledge' })).toMatchObject({ ok: false, error: 'conflict' });
    expect(decide(state({ status: 'resolved' }), { kind: 'acknowledge' })).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('resolves open and acknowledged exceptions, not dismissed ones', () => {
    expect(decide(state(), { kind: 'resolve', code: 'fixed' })).toMatchObject({ ok: true, to: 'resolved', action: 'resolved' });
    expect(decide(state({ status: 'acknowledged' }), { kind: 'resolve', code: 'fixed' })).toMatchObject({ ok: true, to: 'resolved' });
    const dismissed = decide(state({ status: 'dismissed' }), { kind: 'resolve', code: 'fixed' });
    expect(dismissed).toEqual({ ok: false, error: 'conflict', message: expect.stringMatching(/cannot resolve a dismissed exception/) });
    expect(decide(state({ status: 'resolved' }), { kind: 'resolve', code: 'fixed' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already resolved/),
    });
  });

  it('assigns and unassigns unresolved exceptions only', () => {
    expect(decide(state(), { kind: 'assign', assigneeId: 'u1' })).toMatchObject({ ok: true, to: 'open', action: 'assigned' });
    expect(decide(state({ assigneeId: 'u1' }), { kind: 'assign', assigneeId: null })).toMatchObject({ ok: true, action: 'unassigned' });
    expect(decide(state({ assigneeId: 'u1' }), { kind: 'assign', assigneeId: 'u1' })).toMatchObject({ ok: false, error: 'conflict' });
    expect(decide(state({ status: 'resolved' }), { kind: 'assign', assigneeId: 'u1' })).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('dismisses below materiality at once and asks for approval above it', () => {
    expect(decide(state(), { kind: 'dismiss', actorId: 'u1', needsApproval: false })).toEqual({ ok: true, to: 'dismissed', action: 'dismissed' });
    expect(decide(state({ status: 'acknowledged' }), { kind: 'dismiss', actorId: 'u1', needsApproval: true })).toEqual({
      ok: true,
      to: 'acknowledged',
      action: 'dismissal_requested',
    });
    const pending = state({ dismissalPending: true, dismissalRequestedBy: 'u1' });
    expect(decide(pending, { kind: 'dismiss', actorId: 'u2', needsApproval: true })).toMatchObject({ ok: false, error: 'conflict' });
    expect(decide(state({ status: 'resolved' }), { kind: 'dismiss', actorId: 'u1', needsApproval: false })).toMatchObject({ ok: false });
  });

  it('lets a second person approve a pending dismissal, never the one who asked', () => {
    const pending = state({ dismissalPending: true, dismissalRequestedBy: 'u1' });
    expect(decide(pending, { kind: 'approve_dismissal', actorId: 'u1' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(decide(pending, { kind: 'approve_dismissal', actorId: 'u2' })).toEqual({ ok: true, to: 'dismissed', action: 'dismissed' });
    expect(decide(state(), { kind: 'approve_dismissal', actorId: 'u2' })).toMatchObject({ ok: false, error: 'conflict' });
    expect(decide(pending, { kind: 'reject_dismissal' })).toEqual({ ok: true, to: 'open', action: 'dismissal_rejected' });
    expect(decide(state(), { kind: 'reject_dismissal' })).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('reopens resolved and dismissed exceptions only', () => {
    expect(decide(state({ status: 'resolved', resolutionCode: 'fixed' }), { kind: 'reopen' })).toEqual({ ok: true, to: 'open', action: 'reopened' });
    expect(decide(state({ status: 'dismissed' }), { kind: 'reopen' })).toMatchObject({ ok: true, to: 'open' });
    expect(decide(state(), { kind: 'reopen' })).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('auto-resolves unresolved exceptions only', () => {
    expect(decide(state({ status: 'acknowledged' }), { kind: 'auto_resolve' })).toEqual({ ok: true, to: 'resolved', action: 'auto_resolved' });
    expect(decide(state({ status: 'dismissed' }), { kind: 'auto_resolve' })).toMatchObject({ ok: false });
  });

  describe('recurrence', () => {
    it('only counts on an unresolved exception', () => {
      expect(decide(state(), { kind: 'recur', material: true })).toEqual({ ok: true, to: 'open', action: null });
      expect(decide(state({ status: 'acknowledged' }), { kind: 'recur', material: false })).toEqual({ ok: true, to: 'acknowledged', action: null });
    });

    it('reopens an auto-resolved exception, saying it cleared before', () => {
      expect(decide(state({ status: 'resolved', resolutionCode: 'auto_resolved' }), { kind: 'recur', material: false })).toEqual({
        ok: true,
        to: 'open',
        action: 'reopened',
        reason: 'seen again after it cleared',
      });
    });

    it('reopens a manually resolved exception: resolved means fixed, and it is back', () => {
      expect(decide(state({ status: 'resolved', resolutionCode: 'replayed' }), { kind: 'recur', material: false })).toMatchObject({
        to: 'open',
        action: 'reopened',
        reason: expect.stringMatching(/replayed/),
      });
    });

    it('leaves a dismissed exception dismissed, unless it became material without a second approval', () => {
      expect(decide(state({ status: 'dismissed' }), { kind: 'recur', material: false })).toEqual({ ok: true, to: 'dismissed', action: null });
      expect(decide(state({ status: 'dismissed', dismissalApprovedBy: 'u2' }), { kind: 'recur', material: true })).toEqual({
        ok: true,
        to: 'dismissed',
        action: null,
      });
      expect(decide(state({ status: 'dismissed' }), { kind: 'recur', material: true })).toMatchObject({
        to: 'open',
        action: 'reopened',
        reason: expect.stringMatching(/materiality/),
      });
    });
  });
});
