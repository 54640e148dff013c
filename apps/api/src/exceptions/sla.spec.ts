import { DEFAULT_SLA_HOURS, parseSlaHours } from '../config/exception-settings';
import { isOverdue, slaDueAt } from './sla';

describe(slaDueAt.name, () => {
  const opened = new Date('2026-11-20T08:00:00.000Z');

  it('adds the hours of the severity to the moment the exception was opened', () => {
    expect(slaDueAt(opened, 'critical').toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(slaDueAt(opened, 'high').toISOString()).toBe('2026-11-21T08:00:00.000Z');
    expect(slaDueAt(opened, 'medium').toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(slaDueAt(opened, 'low').toISOString()).toBe('2026-11-27T08:00:00.000Z');
  });

  it('uses configured hours', () => {
    expect(slaDueAt(opened, 'critical', { ...DEFAULT_SLA_HOURS, critical: 1 }).toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });
});

describe(isOverdue.name, () => {
  const due = new Date('2026-11-20T12:00:00.000Z');
  const after = new Date('2026-11-20T12:00:00.001Z');

  it('is overdue only when unresolved and past due', () => {
    expect(isOverdue('open', due, after)).toBe(true);
    expect(isOverdue('acknowledged', due, after)).toBe(true);
    expect(isOverdue('open', due, due)).toBe(false);
    expect(isOverdue('resolved', due, after)).toBe(false);
    expect(isOverdue('dismissed', due, after)).toBe(false);
  });
});

describe(parseSlaHours.name, () => {
  it('overrides the severities given and keeps the defaults for the rest', () => {
    expect(parseSlaHours('critical=2, low=240')).toEqual({ ...DEFAULT_SLA_HOURS, critical: 2, low: 240 });
    expect(parseSlaHours('')).toEqual(DEFAULT_SLA_HOURS);
  });

  it('refuses unknown severities and bad hours, saying which part', () => {
    expect(() => parseSlaHours('urgent=1')).toThrow(/urgent=1/);
    expect(() => parseSlaHours('high=0')).toThrow(/high=0/);
    expect(() => parseSlaHours('high=abc')).toThrow(/high=abc/);
  });
});
