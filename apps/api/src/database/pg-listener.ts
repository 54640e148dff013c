import { Client } from 'pg';

export interface PgListenerOptions {
  url: string;
  channel: string;
  onNotification(payload: string): void;
  /** Listening again after the connection was lost: notifications sent in between were missed. */
  onResumed(): void;
  onError(err: unknown): void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * One dedicated connection that LISTENs on a channel (a pooled connection cannot: the pool hands
 * it to other queries). When the connection drops it reconnects, 1 s after the loss and doubling
 * up to 30 s, and calls onResumed once it listens again.
 */
export class PgListener {
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private delay = FIRST_RETRY_MS;
  private stopped = false;

  constructor(private readonly options: PgListenerOptions) {}

  /** Resolves once listening, or once the first attempt failed (it keeps retrying). */
  start(): Promise<void> {
    return this.connect(false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(resumed: boolean): Promise<void> {
    const { url, channel } = this.options;
    const client = new Client({ connectionString: url, application_name: 'closewatch-listen' });
    client.on('notification', (n) => {
      if (n.channel === channel) this.options.onNotification(n.payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (err) {
      this.options.onError(err);
      client.end().catch(() => undefined);
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delay = FIRST_RETRY_MS;
    if (resumed) this.options.onResumed();
  }

  private lost(client: Client, err?: unknown): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    if (err) this.options.onError(err);
    client.end().catch(() => undefined);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.connect(true), this.delay);
    this.retry.unref();
    this.delay = Math.min(this.delay * 2, MAX_RETRY_MS);
  }
}
