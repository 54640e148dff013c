import { secondPersonRefusal } from './four-eyes';

describe(secondPersonRefusal.name, () => {
  it('refuses the person who asked, naming what needs the second person', () => {
    expect(secondPersonRefusal('u1', 'u1', 'a dismissal')).toBe('a dismissal must be approved by a second person, not the one who asked for it');
  });

  it('lets anyone else approve', () => {
    expect(secondPersonRefusal('u1', 'u2', 'a change')).toBeNull();
    expect(secondPersonRefusal(null, 'u2', 'a change')).toBeNull();
  });
});
