import { DEFAULT_HEALTH_WINDOW, formatLag, HEALTH_WINDOWS, healthWindow } from './health-window';

describe(healthWindow.name, () => {
  it('finds a window by id and falls back to the API default hour', () => {
    expect(healthWindow('24h').seconds).toBe(86_400);
    expect(healthWindow('forever')).toBe(DEFAULT_HEALTH_WINDOW);
    expect(healthWindow(null).seconds).toBe(3600);
  });

  it('keeps every chart within what the APIs accept', () => {
    for (const w of HEALTH_WINDOWS) {
      // lag series: at most 1440 points, step at least 10 s; ingest series: whole minutes, at most a day.
      expect(w.seconds / w.lagStepSeconds).toBeLessThanOrEqual(1440);
      expect(w.lagStepSeconds).toBeGreaterThanOrEqual(10);
      expect(w.hopsStepSeconds % 60).toBe(0);
      expect(w.hopsWindowSeconds).toBeLessThanOrEqual(86_400);
      expect(w.hopsWindowSeconds / w.hopsStepSeconds).toBeLessThanOrEqual(1440);
    }
  });
});

describe(formatLag.name, () => {
  it('picks a readable unit', () => {
    expect(formatLag(42.4)).toBe('42 s');
    expect(formatLag(90)).toBe('1.5 min');
    expect(formatLag(3600)).toBe('1 h');
    expect(formatLag(45_000)).toBe('13 h');
    expect(formatLag(2 * 86_400)).toBe('2 d');
    expect(formatLag(null)).toBe('—');
  });
});
