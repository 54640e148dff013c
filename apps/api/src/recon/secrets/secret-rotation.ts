import { type ClientBase } from 'pg';
import { connectionContext } from '../connections/connections.service';
import { openSecret, sealSecret, secretKeyId } from './secret-box';
import { LOCK_CONNECTION_SECRETS, RESEAL_CONNECTION } from './secret-rotation.queries';

/** A rotation that stopped before committing (so nothing was changed). */
export class SecretRotationError extends Error {}

/**
 * Re-seals every stored secret (the connection URLs in `recon_connections`) from `oldKey` to
 * `newKey` in one transaction, rows locked: a secret that does not open with `oldKey` rolls
 * everything back. Returns the names re-sealed. Runs outside Nest (the `secrets:rotate`
 * command), hence its own statements rather than ConnectionsService's.
 */
export async function rotateStoredSecrets(client: ClientBase, oldKey: Buffer, newKey: Buffer): Promise<string[]> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ name: string; url_ciphertext: string }>(LOCK_CONNECTION_SECRETS);
    const keyId = secretKeyId(newKey);
    for (const row of rows) {
      let url: string;
      try {
        url = openSecret(oldKey, row.url_ciphertext, connectionContext(row.name));
      } catch {
        throw new SecretRotationError(`connection ${row.name} does not decrypt with the current key (key id ${secretKeyId(oldKey)})`);
      }
      await client.query(RESEAL_CONNECTION, [row.name, sealSecret(newKey, url, connectionContext(row.name)), keyId]);
    }
    await client.query('commit');
    return rows.map((r) => r.name);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}
