/** Stores a connection (URL sealed); returns its times, or no row when the name is taken. */
export const INSERT_CONNECTION = `insert into recon_connections (name, kind, url_ciphertext, key_id, created_by) values ($1, $2, $3, $4, $5)
       on conflict (name) do nothing returning created_at, updated_at`;

/** Stores or replaces a demo postgres connection (URL sealed). */
export const UPSERT_DEMO_CONNECTION = `insert into recon_connections (name, kind, url_ciphertext, key_id) values ($1, 'postgres', $2, $3)
       on conflict (name) do update set url_ciphertext = excluded.url_ciphertext, key_id = excluded.key_id, updated_at = now()`;

/** Run on the connection's own server when it is tested. */
export const SELECT_SERVER_VERSION = `select current_setting('server_version') as v`;

/** Which definitions use which connections, per side. */
export const SELECT_CONNECTION_USES = `select c.connection, d.id from recon_definitions d
         cross join lateral (values (d.definition #>> '{source,connection}'), (d.definition #>> '{target,connection}')) as c(connection)
        where c.connection = any($1::text[])
        group by c.connection, d.id order by d.id`;
