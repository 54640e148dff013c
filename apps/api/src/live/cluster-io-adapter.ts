import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Pool } from 'pg';
import { createClient } from 'redis';
import { type AppConfig } from '../config/config';
import { releaseEndedHeldClients } from './held-pool-clients';

// The types of the socket.io copy @nestjs/platform-socket.io creates its server with.
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type AdapterFactory = Parameters<IoServer['adapter']>[0];

/** Connections of the PostgreSQL adapter: one held for LISTEN, one for NOTIFY and attachments. */
const POSTGRES_ADAPTER_POOL_SIZE = 2;

/** Startup fails with a clear error instead of waiting forever for an unreachable Redis. */
const REDIS_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The socket.io server of the live gateway, with the cross-replica adapter the configuration
 * picks (docs/scaling.md, "Live updates across replicas"): the maintained PostgreSQL adapter on
 * the application's own database, or the Redis adapter on `REDIS_URL`; none for `local`.
 * Call `connect()` before the application initialises; its connections end with the application.
 */
export class ClusterIoAdapter extends IoAdapter {
  private readonly liveLogger = new Logger('live');
  private factory?: AdapterFactory;
  private readonly closers: (() => Promise<unknown>)[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly live: AppConfig['live'],
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    const onError = (err: Error) => this.liveLogger.warn({ msg: `live ${this.live.adapter} adapter`, err: err.message });
    if (this.live.adapter === 'postgres') {
      const pool = new Pool({ connectionString: this.databaseUrl, max: POSTGRES_ADAPTER_POOL_SIZE, application_name: 'closewatch-live' });
      pool.on('error', onError);
      // A database restart must not end the process nor leak the adapter's LISTEN connection.
      releaseEndedHeldClients(pool, onError);
      this.closers.push(() => pool.end());
      this.factory = createPostgresAdapter(pool, { tableName: 'socket_io_attachments', errorHandler: onError });
    } else if (this.live.adapter === 'redis') {
      const pub = createClient({ url: this.live.redisUrl });
      const sub = pub.duplicate();
      for (const client of [pub, sub]) {
        client.on('error', onError);
        this.closers.push(() => client.quit());
      }
      await withTimeout(
        Promise.all([pub.connect(), sub.connect()]),
        REDIS_CONNECT_TIMEOUT_MS,
        `REDIS_URL: no connection to Redis within ${REDIS_CONNECT_TIMEOUT_MS / 1000} s`,
      );
      this.factory = createRedisAdapter(pub, sub);
    }
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): IoServer {
    const server = super.createIOServer(port, options);
    if (this.factory) server.adapter(this.factory);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const close of this.closers.splice(0)) await close().catch(() => undefined);
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
