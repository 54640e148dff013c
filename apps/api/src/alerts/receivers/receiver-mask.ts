import { SECRET_MASK } from '@closewatch/contracts/alerts';

/**
 * What answers show of a receiver URL: scheme, host and port, and the mask in place of any
 * path or query (a Slack webhook's path is its token; a generic webhook may carry one in its
 * query). The vendor's PagerDuty endpoint carries no secret and is shown whole.
 */
export function urlHint(url: string, publicUrls: readonly string[] = []): string {
  if (publicUrls.includes(url)) return url;
  const u = new URL(url);
  const rest = `${u.pathname}${u.search}`;
  return rest === '/' || rest === '' ? `${u.origin}/` : `${u.origin}/${SECRET_MASK}`;
}

/** A value sent back as the mask keeps the stored one. */
export const isMask = (v: string | undefined): boolean => v === SECRET_MASK;
