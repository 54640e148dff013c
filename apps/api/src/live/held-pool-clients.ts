import { type Pool, type PoolClient } from 'pg';

/**
 * For a pool whose user holds a client out of it for good without watching its errors (the
 * socket.io PostgreSQL adapter keeps one for LISTEN and reconnects on 'end' only): every
 * client's errors go to `onError` instead of ending the process, and a client whose session
 * ended while it was still checked out is released with that error, so the pool drops it and
 * its slot serves the adapter's next connection. Without that, each database restart leaked
 * the held slot, and with the adapter's pool of two, NOTIFY waited for a connection forever.
 * The release waits a turn of the event loop: a query of `pool.query` on the ending client
 * releases its client itself when its callback runs.
 */
export function releaseEndedHeldClients(pool: Pool, onError: (err: Error) => void): void {
  const held = new Set<PoolClient>();
  pool.on('acquire', (client) => held.add(client));
  pool.on('release', (_err, client) => held.delete(client));
  pool.on('remove', (client) => held.delete(client));
  pool.on('connect', (client) => {
    client.on('error', onError);
    client.on('end', () =>
      setImmediate(() => {
        if (held.delete(client)) client.release(new Error('the database ended the session'));
      }),
    );
  });
}
