/** Every stored connection's sealed URL, locked until the rotation commits. */
export const LOCK_CONNECTION_SECRETS = `select name, url_ciphertext from recon_connections order by name for update`;

/** Stores connection $1's URL sealed again ($2) under key $3. */
export const RESEAL_CONNECTION = `update recon_connections set url_ciphertext = $2, key_id = $3, updated_at = now() where name = $1`;
