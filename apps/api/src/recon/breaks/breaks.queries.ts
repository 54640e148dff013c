/** Stores a batch of run $1's breaks from one JSON array ($2), in its order (identity ids follow it). */
export const INSERT_BREAKS = `insert into recon_breaks (run_id, type, key, key_text, record_key, source, target, differences, side, rows, amount_at_risk, currency,
                                 classification, classification_kind, fingerprint)
       select $1, e.v->>'type', e.v->'key', e.v->>'key_text', e.v->>'record_key', nullif(e.v->'source', 'null'), nullif(e.v->'target', 'null'),
              nullif(e.v->'differences', 'null'), e.v->>'side', (e.v->>'rows')::integer, (e.v->>'amount_at_risk')::numeric, e.v->>'currency',
              e.v->'classification', e.v->>'classification_kind', e.v->>'fingerprint'
         from jsonb_array_elements($2::jsonb) with ordinality as e(v, n)
        order by e.n`;

/** The hops of flow $1 for the record keys $2 (a break's lineage, for its classification). */
export const SELECT_RECORD_HOPS = `select record_key, stage, system, status, occurred_at, error_class from hops where flow_id = $1 and record_key = any($2::text[])`;
