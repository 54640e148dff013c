import { historyTitle, statusChange } from './history-text';

const entry = (action: Parameters<typeof historyTitle>[0]['action'], details: Record<string, unknown> | null = null) => ({
  action,
  details,
  fromStatus: null,
  toStatus: 'open' as const,
});

describe(historyTitle.name, () => {
  it('says what happened, with the assignee, code or severities it names', () => {
    expect(historyTitle(entry('created', { severity: 'high', occurrences: 1 }))).toBe('Opened (high)');
    expect(historyTitle(entry('assigned', { assigneeId: 'u', assignee: 'ben@example.com' }))).toBe('Assigned to ben@example.com');
    expect(historyTitle(entry('resolved', { code: 'mapping_updated' }))).toBe('Resolved as mapping updated');
    expect(historyTitle(entry('auto_resolved'))).toBe('Resolved automatically');
    expect(historyTitle(entry('dismissed', { approvedDismissalRequestedBy: 'u-1' }))).toBe('Dismissal approved');
    expect(historyTitle(entry('dismissed'))).toBe('Dismissed');
    expect(historyTitle(entry('severity_changed', { from: 'medium', to: 'high' }))).toBe('Severity medium → high');
  });
});

describe(statusChange.name, () => {
  it('shows a change of status only', () => {
    expect(statusChange({ fromStatus: 'open', toStatus: 'acknowledged' })).toBe('open → acknowledged');
    expect(statusChange({ fromStatus: 'open', toStatus: 'open' })).toBeNull();
    expect(statusChange({ fromStatus: null, toStatus: 'open' })).toBeNull();
  });
});
