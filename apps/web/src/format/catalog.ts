/** `order_to_cash` → `Order to cash`. */
export function humanize(id: string): string {
  const text = id.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A lag budget in seconds as `90 s`, `15 min`, `4 h`, `2 d` (or a combination: `1 h 30 min`). */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total) || total < 0) return '—';
  if (total < 60) return `${total} s`;
  const parts: string[] = [];
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s && !d) parts.push(`${s} s`);
  return parts.join(' ');
}
