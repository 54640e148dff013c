import { auditObjectLink, auditParams, EMPTY_AUDIT_FILTERS, readAuditFilters, toAuditApiFilters } from './audit-filters';

describe(toAuditApiFilters.name, () => {
  it('trims the text filters, reads the times as UTC and leaves empty ones out', () => {
    expect(toAuditApiFilters({ ...EMPTY_AUDIT_FILTERS, actor: ' ana@example.com ', action: 'exception.resolved', from: '2026-12-07T05:00', to: '' })).toEqual({
      actor: 'ana@example.com',
      action: 'exception.resolved',
      from: '2026-12-07T05:00:00.000Z',
    });
  });

  it('leaves out a time that is not one', () => {
    expect(toAuditApiFilters({ ...EMPTY_AUDIT_FILTERS, to: 'tomorrow' })).toEqual({});
  });
});

describe(auditParams.name, () => {
  it('round-trips the filters and the open entry through the address', () => {
    const form = { ...EMPTY_AUDIT_FILTERS, objectType: 'flow', objectId: 'gl-export' };
    const params = auditParams(form, '42');
    expect(params.toString()).toBe('objectType=flow&objectId=gl-export&open=42');
    expect(readAuditFilters(params)).toEqual(form);
  });
});

describe(auditObjectLink.name, () => {
  it('links objects the dashboard has a page for, and nothing else', () => {
    expect(auditObjectLink('exception', 'e-1')).toBe('/exceptions?status=all&open=e-1');
    expect(auditObjectLink('flow', 'gl export')).toBe('/flows/gl%20export');
    expect(auditObjectLink('session', 'x')).toBeNull();
    expect(auditObjectLink('flow', null)).toBeNull();
  });
});
