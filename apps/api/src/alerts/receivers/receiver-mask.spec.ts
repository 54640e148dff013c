import { urlHint } from './receiver-mask';

describe('urlHint', () => {
  it('shows the origin and masks path and query', () => {
    expect(urlHint('https://hooks.slack.com/services/T0/B0/XYZ')).toBe('https://hooks.slack.com/********');
    expect(urlHint('https://example.com/?token=abc')).toBe('https://example.com/********');
    expect(urlHint('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
  });
  it('shows a public endpoint whole', () => {
    expect(urlHint('https://events.pagerduty.com/v2/enqueue', ['https://events.pagerduty.com/v2/enqueue'])).toBe('https://events.pagerduty.com/v2/enqueue');
  });
});
