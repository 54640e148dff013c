import { daysLeftText, editableCalendar, localTime, periodIn } from './close';

describe(periodIn.name, () => {
  it('reads the month in the entity zone', () => {
    const newYearUtc = Date.parse('2026-12-31T23:30:00Z');
    expect(periodIn('Europe/Berlin', newYearUtc)).toBe('2027-01');
    expect(periodIn('America/New_York', newYearUtc)).toBe('2026-12');
  });
});

describe(daysLeftText.name, () => {
  it('says what is left, due or late', () => {
    expect(daysLeftText(3)).toBe('3 working days left');
    expect(daysLeftText(1)).toBe('1 working day left');
    expect(daysLeftText(0)).toBe('due today');
    expect(daysLeftText(-2)).toBe('2 working days late');
  });

  it('does not call a close late where nothing holds it (ready, or a calendar without readiness)', () => {
    expect(daysLeftText(-19, { late: false })).toBe('deadline 19 working days ago');
    expect(daysLeftText(-1, { late: false })).toBe('deadline 1 working day ago');
    expect(daysLeftText(2, { late: false })).toBe('2 working days left');
  });
});

describe(editableCalendar.name, () => {
  it('leaves the entity out of the editor', () => {
    expect(JSON.parse(editableCalendar({ entity: 'DE01', timezone: 'UTC' }))).toEqual({ timezone: 'UTC' });
  });
});

describe(localTime.name, () => {
  it('shows the instant in the entity zone', () => {
    expect(localTime('2026-12-07T17:00:00.000Z', 'Europe/Berlin')).toBe('Mon, 7 Dec 2026, 18:00');
    expect(localTime('2026-12-07T17:00:00.000Z', 'Asia/Kolkata')).toBe('Mon, 7 Dec 2026, 22:30');
  });
});
