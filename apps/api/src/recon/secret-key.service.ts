import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { parseSecretKey, SECRET_KEY_BYTES } from '../config/secret-key';
import { openSecret, sealSecret, secretKeyId } from './secret-box';

/**
 * The key that encrypts connection URLs at rest: CLOSEWATCH_SECRET_KEY, or else a key generated
 * into `<CLOSEWATCH_DATA_DIR>/secret-key` (mode 0600) on the first start and read from there
 * afterwards. Replicas sharing a database must share the key (set CLOSEWATCH_SECRET_KEY).
 */
@Injectable()
export class SecretKeyService implements OnModuleInit {
  private readonly logger = new Logger('recon');
  private key: Buffer | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.current();
  }

  seal(plaintext: string, context: string): { sealed: string; keyId: string } {
    const key = this.current();
    return { sealed: sealSecret(key, plaintext, context), keyId: secretKeyId(key) };
  }

  open(sealed: string, context: string): string {
    return openSecret(this.current(), sealed, context);
  }

  keyId(): string {
    return secretKeyId(this.current());
  }

  private current(): Buffer {
    if (this.key) return this.key;
    const { secretKey, secretKeyFile } = this.config.recon;
    if (secretKey) return (this.key = secretKey);
    const existing = readKeyFile(secretKeyFile);
    if (existing) return (this.key = existing);
    mkdirSync(dirname(secretKeyFile), { recursive: true, mode: 0o700 });
    const fresh = randomBytes(SECRET_KEY_BYTES);
    try {
      writeFileSync(secretKeyFile, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      this.logger.log(`generated a secret key for connection URLs in ${secretKeyFile} (mode 0600); back it up, or set CLOSEWATCH_SECRET_KEY`);
      return (this.key = fresh);
    } catch (err) {
      // Another process created it first: use theirs.
      const raced = readKeyFile(secretKeyFile);
      if (raced) return (this.key = raced);
      throw err;
    }
  }
}

function readKeyFile(path: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const key = parseSecretKey(text);
  if (!key) throw new Error(`${path} does not hold a 32-byte key (base64); fix or remove it, or set CLOSEWATCH_SECRET_KEY`);
  return key;
}
