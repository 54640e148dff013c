import { type ClientBase } from 'pg';

export type ReceiverSecretField = 'url' | 'routing_key' | 'secret';

/** The associated data of a receiver's sealed field, so a ciphertext moved to another receiver or field does not open. */
export const receiverContext = (name: string, field: ReceiverSecretField) => `alert_receivers:${name}:${field}`;

const COLUMNS: Record<ReceiverSecretField, string> = { url: 'url_ciphertext', routing_key: 'routing_key_ciphertext', secret: 'secret_ciphertext' };

/**
 * Re-seals every receiver's URL, routing key and secret for `npm run secrets:rotate`, inside its
 * transaction, rows locked (a SecretResealer of recon/secrets/secret-rotation.ts): `reseal` opens
 * a value with the old key and seals it with the new one.
 */
export async function resealReceivers(
  client: ClientBase,
  reseal: (sealed: string, context: string, what: string) => string,
  newKeyId: string,
): Promise<{ resealed: string[] }> {
  const { rows } = await client.query<Record<string, string | null> & { name: string }>(
    `select name, url_ciphertext, routing_key_ciphertext, secret_ciphertext from alert_receivers order by name for update`,
  );
  const resealed: string[] = [];
  for (const row of rows) {
    const next: Record<string, string | null> = {};
    for (const [field, column] of Object.entries(COLUMNS) as [ReceiverSecretField, string][]) {
      const sealed = row[column];
      next[column] = sealed ? reseal(sealed, receiverContext(row.name, field), `alert receiver ${row.name} (${field})`) : null;
    }
    await client.query(
      `update alert_receivers set url_ciphertext = $2, routing_key_ciphertext = $3, secret_ciphertext = $4, key_id = $5, updated_at = now() where name = $1`,
      [row.name, next.url_ciphertext, next.routing_key_ciphertext, next.secret_ciphertext, newKeyId],
    );
    resealed.push(row.name);
  }
  return { resealed };
}
