import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AppConfig, ConfigError } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { loadOrCreateKeyFile, SecretKeyFileError } from '../../config/secret-key-file';
import { openSecret, sealSecret, secretKeyId } from './secret-box';
import { pinSecretKey, type SqlRunner } from './secret-key-pin';

/**
 * The key that encrypts connection URLs at rest: CLOSEWATCH_SECRET_KEY or CLOSEWATCH_SECRET_KEY_FILE,
 * or else a key generated into `<CLOSEWATCH_DATA_DIR>/secret-key` (mode 0600) on the first start
 * and read from there afterwards. Replicas sharing a database must share the key. Startup fails
 * when the key cannot be kept (ConfigError).
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

  /**
   * A password derived from the key for this label: the same on every replica and every start
   * (nothing more to store), and a new one after the key is rotated.
   */
  derivePassword(label: string): string {
    return createHmac('sha256', this.current()).update(`closewatch-password:${label}`).digest('base64url');
  }

  /**
   * Pins the database to this key on the first start, and refuses (ConfigError) when it is
   * pinned to another: replicas given different keys would each seal what the others cannot
   * open, even on a database where nothing is sealed yet (docs/configuration.md, "Secret key").
   */
  async ensurePinned(db: SqlRunner): Promise<void> {
    const current = this.keyId();
    const pinned = await pinSecretKey(db, current);
    if (pinned === current) return;
    throw new ConfigError(
      `the secret key from ${this.source()} (key id ${current}) is not the key this database's secrets are sealed with (key id ${pinned}). ` +
        'Every replica must start with the same key: use the key with that id (CLOSEWATCH_SECRET_KEY_FILE, CLOSEWATCH_SECRET_KEY or ' +
        '<CLOSEWATCH_DATA_DIR>/secret-key), or change keys with npm run secrets:rotate. If that key is lost, see docs/configuration.md, "Secret key".',
    );
  }

  /** Where the key comes from, for messages. */
  source(): string {
    return this.config.recon.secretKeySource;
  }

  private current(): Buffer {
    if (this.key) return this.key;
    const { secretKey, secretKeyFile } = this.config.recon;
    if (secretKey) return (this.key = secretKey);
    try {
      const { key, created } = loadOrCreateKeyFile(secretKeyFile);
      if (created) this.logger.log(`generated a secret key for connection URLs in ${secretKeyFile} (mode 0600); back it up, or set CLOSEWATCH_SECRET_KEY_FILE`);
      return (this.key = key);
    } catch (err) {
      if (err instanceof SecretKeyFileError) throw new ConfigError(err.message);
      throw err;
    }
  }
}
