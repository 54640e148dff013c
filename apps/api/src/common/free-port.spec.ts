import { createServer } from 'node:net';
import { freePort, loopbackPortOrFree } from './free-port';

describe('loopbackPortOrFree', () => {
  it('keeps a free port, and picks another when the port is taken', async () => {
    const port = await freePort();
    expect(await loopbackPortOrFree(port)).toBe(port);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const other = await loopbackPortOrFree(port);
      expect(other).not.toBe(port);
      expect(other).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
