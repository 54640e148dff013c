// End-to-end specs start servers, embedded PostgreSQL and Chromium: allow minutes, not seconds.
jest.setTimeout(240_000);
