import { ConfigError, loadConfig } from './config';

describe('exception and incident settings', () => {
  it('defaults to a one-hour window grouped by flow and cause, and the default SLA hours', () => {
    const c = loadConfig({});
    expect(c.incidentWindowMinutes).toBe(60);
    expect(c.incidentGroupBy).toEqual(['flow', 'cause']);
    expect(c.exceptionSlaHours).toEqual({ critical: 4, high: 24, medium: 72, low: 168 });
  });

  it('reads the settings', () => {
    const c = loadConfig({
      CLOSEWATCH_INCIDENT_WINDOW_MINUTES: '15',
      CLOSEWATCH_INCIDENT_GROUP_BY: 'flow,cause,entity',
      CLOSEWATCH_EXCEPTION_SLA_HOURS: 'critical=1',
    });
    expect(c.incidentWindowMinutes).toBe(15);
    expect(c.incidentGroupBy).toEqual(['flow', 'cause', 'entity']);
    expect(c.exceptionSlaHours.critical).toBe(1);
    expect(c.exceptionSlaHours.low).toBe(168);
  });

  it('stops startup naming the variable on a bad value', () => {
    expect(() => loadConfig({ CLOSEWATCH_INCIDENT_GROUP_BY: 'cause' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLOSEWATCH_INCIDENT_GROUP_BY: 'cause' })).toThrow(/CLOSEWATCH_INCIDENT_GROUP_BY: must include flow/);
    expect(() => loadConfig({ CLOSEWATCH_EXCEPTION_SLA_HOURS: 'urgent=2' })).toThrow(/CLOSEWATCH_EXCEPTION_SLA_HOURS/);
    expect(() => loadConfig({ CLOSEWATCH_INCIDENT_WINDOW_MINUTES: '0' })).toThrow(/CLOSEWATCH_INCIDENT_WINDOW_MINUTES/);
  });
});
