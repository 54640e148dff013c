import { type ExceptionHistoryEntryDto } from '@closewatch/contracts/exceptions';
import { type ReplayRequestDto } from '@closewatch/contracts/replays';
import { exceptionTimeline, replaySteps } from './replay-timeline';

const replay = (over: Partial<ReplayRequestDto> = {}): ReplayRequestDto => ({
  id: 'aaaaaaaa-1111-2222-3333-444444444444',
  exceptionId: 'e-1',
  incidentId: null,
  flow: 'coupa-to-oracle-invoices',
  recordKey: 'INV-1',
  recordType: 'invoice',
  status: 'succeeded',
  receiver: 'demo-middleware',
  requestedBy: { id: 'u-1', email: 'it@example.com' },
  requestedAt: '2026-12-07T10:00:00.000Z',
  expiresAt: '2026-12-07T11:00:00.000Z',
  sentAt: '2026-12-07T10:00:01.000Z',
  note: 'mapping fixed',
  attempts: 1,
  outcome: { status: 'succeeded', source: 'posting', message: 'record posted (hop 42)', at: '2026-12-07T10:00:03.000Z', hopId: '42' },
  approval: null,
  ...over,
});

const history = (id: string, action: ExceptionHistoryEntryDto['action'], at: string, over: Partial<ExceptionHistoryEntryDto> = {}): ExceptionHistoryEntryDto =>
  ({
    id,
    action,
    at,
    actor: { kind: 'system', name: 'Closewatch' },
    fromStatus: null,
    toStatus: 'open',
    reason: null,
    details: null,
    ...over,
  }) as ExceptionHistoryEntryDto;

describe(replaySteps.name, () => {
  it('lists what was asked, by whom and why, when the middleware accepted it, and how it ended', () => {
    expect(replaySteps(replay()).map((s) => [s.kind, s.title, s.who, s.reason])).toEqual([
      ['replay-requested', 'Replay aaaaaaaa requested', 'it@example.com', 'mapping fixed'],
      ['replay-sent', 'Replay aaaaaaaa accepted by demo-middleware', 'Closewatch', null],
      ['replay-succeeded', 'Replay succeeded: the record was posted again (aaaaaaaa)', 'Closewatch', 'record posted (hop 42)'],
    ]);
  });

  it('shows the approval step of a bulk replay and a rejection that sent nothing', () => {
    const rejected = replay({
      status: 'rejected',
      sentAt: null,
      outcome: null,
      approval: { batchId: 'b', decision: 'rejected', decidedBy: { id: 'u-2', email: 'cfo@example.com' }, decidedAt: '2026-12-07T10:05:00.000Z' },
    });
    expect(replaySteps(rejected).map((s) => [s.kind, s.who])).toEqual([
      ['replay-requested', 'it@example.com'],
      ['replay-rejected', 'cfo@example.com'],
    ]);
  });

  it('names the middleware when it reported a failure', () => {
    const failed = replay({
      status: 'failed',
      outcome: { status: 'failed', source: 'middleware', message: 'period closed', at: '2026-12-07T10:00:05.000Z', hopId: null },
    });
    expect(replaySteps(failed).at(-1)).toMatchObject({
      kind: 'replay-failed',
      title: 'Replay failed (aaaaaaaa)',
      who: 'demo-middleware',
      reason: 'period closed',
    });
  });
});

describe(exceptionTimeline.name, () => {
  it('merges the history and the replay steps in time order, history first on a tie', () => {
    const items = exceptionTimeline(
      [
        history('1', 'created', '2026-12-07T09:00:00.000Z'),
        history('2', 'resolved', '2026-12-07T10:00:03.000Z', { fromStatus: 'open', toStatus: 'resolved', details: { code: 'replayed' } }),
      ],
      [replay()],
    );
    expect(items.map((i) => i.kind)).toEqual(['history-created', 'replay-requested', 'replay-sent', 'history-resolved', 'replay-succeeded']);
    expect(items[3]).toMatchObject({ title: 'Resolved as replayed', chip: 'open → resolved' });
  });
});
