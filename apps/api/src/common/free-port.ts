import { createServer } from 'node:net';

/** A loopback port free right now: the OS picks one, and it is released for the caller to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** `port` when it is free on the loopback address right now, else a free one the OS picks. */
export function loopbackPortOrFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(freePort()) : reject(err)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
  });
}
