import { mayOpen, navFor } from './navigation';

describe(navFor.name, () => {
  it('shows Admin to admins only', () => {
    expect(navFor('admin').map((i) => i.label)).toEqual([
      'Overview',
      'Flows',
      'Exceptions',
      'Incidents',
      'Replays',
      'Alerts',
      'Reconciliations',
      'Close',
      'Cash',
      'Metrics',
      'Lineage',
      'Traces',
      'Audit',
      'Admin',
    ]);
    for (const role of ['finance_ops', 'it_ops', 'auditor', 'viewer'] as const) {
      expect(navFor(role).map((i) => i.label)).not.toContain('Admin');
    }
  });

  it('lets every role read the monitoring pages', () => {
    expect(navFor('viewer').map((i) => i.path)).toEqual([
      '/',
      '/flows',
      '/exceptions',
      '/incidents',
      '/replays',
      '/alerts',
      '/reconciliations',
      '/close',
      '/impact/cash',
      '/impact/board-metrics',
      '/lineage',
      '/traces',
    ]);
  });

  it('shows the audit log to admins and auditors only', () => {
    expect(navFor('auditor').map((i) => i.label)).toContain('Audit');
    for (const role of ['finance_ops', 'it_ops', 'viewer'] as const) expect(navFor(role).map((i) => i.path)).not.toContain('/audit');
  });
});

describe(mayOpen.name, () => {
  it('refuses the admin page to an auditor', () => {
    expect(mayOpen('auditor', '/admin')).toBe(false);
    expect(mayOpen('admin', '/admin')).toBe(true);
    expect(mayOpen('viewer', '/lineage')).toBe(true);
  });
});
