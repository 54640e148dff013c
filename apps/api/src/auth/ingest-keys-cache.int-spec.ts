import { getRepositoryToken } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { startTestApp, type TestApp } from '../../test/test-app';
import { IngestKeyEntity } from './ingest-key.entity';
import { IngestKeysService } from './ingest-keys.service';

describe('ingest key checks cached', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  // More wrong keys than the 10,000 entries one shared cache held: they evicted the valid key, and ingest paid a query a request.
  it('keeps a valid key cached while a flood of wrong keys is refused', async () => {
    const service = t.app.get(IngestKeysService);
    const repo = t.app.get<Repository<IngestKeyEntity>>(getRepositoryToken(IngestKeyEntity));
    const { secret } = await service.create('cache-check', ['traces'], null);
    const lookups = jest.spyOn(repo, 'findOneBy');
    // The clock stands still: the flood takes longer than the cache's 10 s here, and expiry is not what is tested.
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      expect(await service.verify(secret, 'traces')).toMatchObject({ name: 'cache-check' });
      expect(lookups).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 10_500; i++) expect(await service.verify(`cwk_wrong_${i}`, 'traces')).toBeUndefined();
      lookups.mockClear();
      expect(await service.verify(secret, 'traces')).toMatchObject({ name: 'cache-check' });
      expect(lookups).not.toHaveBeenCalled();
      // A wrong key seen lately is answered from its own cache too.
      expect(await service.verify('cwk_wrong_10499', 'traces')).toBeUndefined();
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
      clock.mockRestore();
    }
  }, 120_000);
});
