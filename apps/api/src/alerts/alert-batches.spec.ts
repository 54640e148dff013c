import { foldTriggerBatches } from './alert-batches';
import { type PlannedNotification } from './alert-plan';

const T = new Date('2026-12-07T10:00:30Z');
const trigger = (incidentId: string, receiver: string, over: Partial<PlannedNotification> = {}): PlannedNotification => ({
  incidentId,
  receiver,
  route: 'ap',
  action: 'trigger',
  status: 'pending',
  dueAt: T,
  group: { key: '["ap","coupa"]', by: { flow: 'coupa' } },
  ...over,
});
const slackOnly = (r: string) => r === 'slack-ap';

describe(foldTriggerBatches.name, () => {
  it('folds grouped triggers to a Slack receiver into one batch per group and flush time, in plan order', () => {
    const { singles, batches } = foldTriggerBatches(
      [trigger('i1', 'slack-ap'), trigger('i2', 'slack-ap'), trigger('i3', 'slack-ap', { group: { key: '["ap","netsuite"]', by: { flow: 'netsuite' } } })],
      slackOnly,
    );
    expect(singles).toEqual([]);
    expect(batches.map((b) => [b.groupKey, b.incidentIds])).toEqual([
      ['["ap","coupa"]', ['i1', 'i2']],
      ['["ap","netsuite"]', ['i3']],
    ]);
  });

  it('keeps PagerDuty and webhook triggers one per incident (one dedup key, one incident per body)', () => {
    const { singles, batches } = foldTriggerBatches([trigger('i1', 'pd-ap'), trigger('i2', 'pd-ap')], slackOnly);
    expect(singles.map((n) => n.incidentId)).toEqual(['i1', 'i2']);
    expect(batches).toEqual([]);
  });

  it('never batches ungrouped, silenced, later-flushing or non-trigger notifications together', () => {
    const later = new Date(T.getTime() + 300_000);
    const { singles, batches } = foldTriggerBatches(
      [
        trigger('i1', 'slack-ap', { group: undefined }),
        trigger('i2', 'slack-ap', { status: 'silenced' }),
        trigger('i3', 'slack-ap', { action: 'acknowledge' }),
        trigger('i4', 'slack-ap'),
        trigger('i5', 'slack-ap', { dueAt: later }),
      ],
      slackOnly,
    );
    expect(singles.map((n) => n.incidentId)).toEqual(['i1', 'i2', 'i3']);
    expect(batches.map((b) => [b.dueAt, b.incidentIds])).toEqual([
      [T, ['i4']],
      [later, ['i5']],
    ]);
  });
});
