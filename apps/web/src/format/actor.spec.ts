import { actorLabel, userLabel } from './actor';

describe(actorLabel.name, () => {
  it('names a user by email and Closewatch by the part that acted', () => {
    expect(actorLabel({ kind: 'user', id: 'u1', email: 'ana@example.com' })).toBe('ana@example.com');
    expect(actorLabel({ kind: 'system', name: 'evaluator:sync-health' })).toBe('Closewatch (evaluator:sync-health)');
    expect(actorLabel(null)).toBe('—');
  });
});

describe(userLabel.name, () => {
  it('prefers the name and says when nobody is assigned', () => {
    expect(userLabel({ id: 'u1', email: 'ana@example.com', name: 'Ana' })).toBe('Ana');
    expect(userLabel({ id: 'u1', email: 'ana@example.com', name: '' })).toBe('ana@example.com');
    expect(userLabel(null)).toBe('Unassigned');
  });
});
