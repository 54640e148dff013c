import { chooseLiveAdapter } from './live-adapter';

describe('chooseLiveAdapter', () => {
  const pg = 'postgres://db/closewatch';
  const redis = 'redis://cache:6379';

  it.each([
    ['auto', undefined, undefined, 'local'],
    ['auto', pg, undefined, 'postgres'],
    ['auto', undefined, redis, 'redis'],
    ['auto', pg, redis, 'redis'],
    ['local', pg, redis, 'local'],
    ['postgres', undefined, redis, 'postgres'],
    ['redis', undefined, redis, 'redis'],
  ] as const)('%s with DATABASE_URL %s and REDIS_URL %s is %s', (setting, databaseUrl, redisUrl, expected) => {
    expect(chooseLiveAdapter({ setting, databaseUrl, redisUrl })).toBe(expected);
  });

  it('refuses redis without REDIS_URL, naming the setting', () => {
    expect(() => chooseLiveAdapter({ setting: 'redis', databaseUrl: pg, redisUrl: undefined })).toThrow('CLOSEWATCH_LIVE_ADAPTER=redis needs REDIS_URL');
  });
});
