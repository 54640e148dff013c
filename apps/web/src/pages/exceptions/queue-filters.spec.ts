import { activeFilterCount, DEFAULT_QUEUE_FILTERS, exceptionsLink, queueParams, readQueueFilters, toApiFilters } from './queue-filters';

describe(readQueueFilters.name, () => {
  it('shows unresolved exceptions when the address says nothing', () => {
    expect(readQueueFilters(new URLSearchParams())).toEqual(DEFAULT_QUEUE_FILTERS);
    expect(toApiFilters(DEFAULT_QUEUE_FILTERS).status).toBe('open,acknowledged');
  });

  it('reads every filter back from the address it wrote', () => {
    const filters = {
      ...DEFAULT_QUEUE_FILTERS,
      type: 'sync_delay' as const,
      flow: 'coupa-to-oracle-invoices',
      status: 'all' as const,
      severity: 'high' as const,
      assignee: 'me',
      entity: 'US01',
      period: '2026-11',
      ageBucket: '1-3d' as const,
      overdue: true,
      q: 'INV-1',
      incident: '5b0b7f2e-2c8f-4c3e-9d55-0d6d9c1e7a10',
      sort: '-amountAtRisk',
    };
    const params = queueParams(filters, 'abc');
    expect(params.get('age')).toBe('1-3d');
    expect(params.get('open')).toBe('abc');
    expect(readQueueFilters(params)).toEqual(filters);
  });
});

describe(exceptionsLink.name, () => {
  it('leaves defaults out of the link', () => {
    expect(exceptionsLink()).toBe('/exceptions');
    expect(exceptionsLink({ flow: 'a b' })).toBe('/exceptions?flow=a+b');
    expect(exceptionsLink({ status: 'all' }, 'x-1')).toBe('/exceptions?status=all&open=x-1');
  });
});

describe(toApiFilters.name, () => {
  it('sends no status for all, one for one, and drops empty and false filters', () => {
    expect(toApiFilters({ ...DEFAULT_QUEUE_FILTERS, status: 'all' })).toEqual({
      type: undefined,
      flow: undefined,
      status: undefined,
      severity: undefined,
      assignee: undefined,
      entity: undefined,
      period: undefined,
      ageBucket: undefined,
      overdue: undefined,
      q: undefined,
      incident: undefined,
      sort: undefined,
    });
    expect(toApiFilters({ ...DEFAULT_QUEUE_FILTERS, status: 'dismissed', q: '  INV ', overdue: true })).toMatchObject({
      status: 'dismissed',
      q: 'INV',
      overdue: true,
    });
  });
});

describe(activeFilterCount.name, () => {
  it('counts filters that differ from the defaults, not the sort', () => {
    expect(activeFilterCount(DEFAULT_QUEUE_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_QUEUE_FILTERS, status: 'all', flow: 'f', sort: 'severity' })).toBe(2);
  });
});
