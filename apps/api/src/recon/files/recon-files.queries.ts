/** Stores an uploaded CSV file; returns its creation time. */
export const INSERT_FILE = `insert into recon_files (id, bytes, sha256, created_by) values ($1, $2, $3, $4) returning created_at`;
