/** Which socket.io adapter carries live events between API replicas (docs/scaling.md). */
export type LiveAdapterKind = 'local' | 'postgres' | 'redis';

/** The `CLOSEWATCH_LIVE_ADAPTER` setting: a kind, or `auto`. */
export type LiveAdapterSetting = LiveAdapterKind | 'auto';

export const LIVE_ADAPTER_SETTINGS: readonly LiveAdapterSetting[] = ['auto', 'local', 'postgres', 'redis'];

export interface LiveAdapterInputs {
  setting: LiveAdapterSetting;
  /** `DATABASE_URL` as the operator set it (undefined with the embedded database). */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
}

/**
 * `auto` picks Redis when `REDIS_URL` is set, else PostgreSQL when the database is external (where
 * several replicas can share it), else `local`: the embedded database serves one process only,
 * so there is nobody to fan out to. An explicit `redis` needs `REDIS_URL`.
 */
export function chooseLiveAdapter({ setting, databaseUrl, redisUrl }: LiveAdapterInputs): LiveAdapterKind {
  if (setting === 'redis' && !redisUrl) throw new Error('CLOSEWATCH_LIVE_ADAPTER=redis needs REDIS_URL');
  if (setting !== 'auto') return setting;
  if (redisUrl) return 'redis';
  return databaseUrl ? 'postgres' : 'local';
}
