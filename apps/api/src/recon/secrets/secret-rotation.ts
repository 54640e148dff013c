import { type ClientBase } from 'pg';
import { connectionContext } from '../connections/connections.service';
import { openSecret, sealSecret, secretKeyId } from './secret-box';
import { REPIN_SECRET_KEY } from './secret-key-pin';
import { LOCK_CONNECTION_SECRETS, RESEAL_CONNECTION } from './secret-rotation.queries';

/** A rotation that stopped before committing (so nothing was changed). */
export class SecretRotationError extends Error {}

/** Moves a sealed value to the new key (throws SecretRotationError naming `what` when it does not open with the old one). */
export type Reseal = (sealed: string, context: string, what: string) => string;

/**
 * Other features' stored secrets, re-sealed in the same transaction (alert receivers): each
 * locks its rows, re-seals them with `reseal` and answers what it re-sealed.
 */
export type SecretResealer = (client: ClientBase, reseal: Reseal, newKeyId: string) => Promise<{ resealed: string[] }>;

/**
 * Re-seals every stored secret (the connection URLs in `recon_connections`, and what `others`
 * re-seal) from `oldKey` to `newKey` in one transaction, rows locked, and pins the database to
 * the new key (secret-key-pin.ts): a secret that does not
 * open with `oldKey` rolls everything back. Returns what was re-sealed. Runs outside Nest (the `secrets:rotate`
 * command), hence its own statements rather than ConnectionsService's.
 */
export async function rotateStoredSecrets(
  client: ClientBase,
  oldKey: Buffer,
  newKey: Buffer,
  others: readonly SecretResealer[] = [],
): Promise<{ connections: string[]; others: string[] }> {
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
    const reseal: Reseal = (sealed, context, what) => {
      let plain: string;
      try {
        plain = openSecret(oldKey, sealed, context);
      } catch {
        throw new SecretRotationError(`${what} does not decrypt with the current key (key id ${secretKeyId(oldKey)})`);
      }
      return sealSecret(newKey, plain, context);
    };
    const resealed: string[] = [];
    for (const other of others) resealed.push(...(await other(client, reseal, keyId)).resealed);
    await client.query(REPIN_SECRET_KEY, [keyId]);
    await client.query('commit');
    return { connections: rows.map((r) => r.name), others: resealed };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}
