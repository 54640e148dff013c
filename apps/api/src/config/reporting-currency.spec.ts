import { ConfigError, loadConfig } from './config';

describe('CLOSEWATCH_REPORTING_CURRENCY', () => {
  it('defaults to USD and reads an ISO 4217 code', () => {
    expect(loadConfig({}).reportingCurrency).toBe('USD');
    expect(loadConfig({ CLOSEWATCH_REPORTING_CURRENCY: '' }).reportingCurrency).toBe('USD');
    expect(loadConfig({ CLOSEWATCH_REPORTING_CURRENCY: 'EUR' }).reportingCurrency).toBe('EUR');
  });

  it('stops startup naming the variable on anything else', () => {
    expect(() => loadConfig({ CLOSEWATCH_REPORTING_CURRENCY: 'usd' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLOSEWATCH_REPORTING_CURRENCY: 'EURO' })).toThrow(/CLOSEWATCH_REPORTING_CURRENCY: must be an ISO 4217 code/);
  });
});
