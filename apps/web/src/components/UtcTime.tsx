import { formatUtc } from '../format/time';

/** A time as ISO 8601 in UTC; the full value (with milliseconds) on hover. */
export function UtcTime({ iso, className }: { iso: string | null | undefined; className?: string }) {
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={iso} className={`utc ${className ?? ''}`.trim()}>
      {formatUtc(iso)}
    </time>
  );
}
