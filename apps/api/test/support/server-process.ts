import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const API_ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');

/** The built server (`node apps/api/dist/main.js`, what `npm start` runs) as a child process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

export function startServer(env: Record<string, string>, port: number): ServerProcess {
  let out = '';
  const child = spawn(process.execPath, [API_ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

/**
 * Polls /health/ready until it answers 200; fails with the server's output if it exits first.
 * Only once this server said it listens (its banner names its URL): a port that another test's
 * server took in the meantime (a restart on the same port, a port handed out twice) answers too,
 * and this one then exits with EADDRINUSE, which the banner check turns into a failure here.
 */
export async function waitReady(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  const listening = `Closewatch is running at ${server.url}`;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was ready:\n${server.output()}`);
    if (!server.output().includes(listening)) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const res = await fetch(`${server.url}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.output()}`);
}

/** Signs in to the server through the API, as the dashboard does; returns the access token. */
export async function signIn(server: ServerProcess, user: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${user.email} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
