import { isUuid, uuidV5 } from './uuid';

describe(uuidV5.name, () => {
  const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

  it('matches the version 5 UUID other implementations give (Python uuid.uuid5)', () => {
    expect(uuidV5('www.example.com', DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable per name and differs between names', () => {
    expect(uuidV5('flow/run-1', DNS)).toBe(uuidV5('flow/run-1', DNS));
    expect(uuidV5('flow/run-1', DNS)).not.toBe(uuidV5('flow/run-2', DNS));
    expect(isUuid(uuidV5('flow/run-1', DNS))).toBe(true);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'closewatch')).toThrow('not a UUID namespace');
  });
});
