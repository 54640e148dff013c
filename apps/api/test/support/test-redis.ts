import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { freePort } from './test-database';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

async function answersPing(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}

/**
 * Redis for the tests that need one: `REDIS_URL`, else the server this kind of machine runs at
 * 127.0.0.1:6379, else a throwaway `redis-server` (Debian's redis-server package) on a free
 * loopback port that keeps nothing on disk.
 */
export async function findTestRedis(): Promise<TestRedis> {
  const given = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answersPing(given)) return { url: given, stop: async () => undefined };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(`No Redis answers at ${given} and redis-server is not installed: set REDIS_URL or install the redis-server package`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answersPing(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
