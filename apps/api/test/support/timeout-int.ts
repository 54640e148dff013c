// Integration specs start the real app on a fresh database: allow more than jest's 5 s.
jest.setTimeout(60_000);
