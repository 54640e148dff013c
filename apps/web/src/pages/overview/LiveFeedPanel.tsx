import { LIVE_HOPS_PER_MESSAGE } from '@closewatch/contracts/socket';
import { HopFeed } from '../../components/HopFeed';
import { Panel } from '../../components/Panel';
import { useLiveHops } from '../../hooks/useLiveHops';
import { useSocket } from '../../hooks/useSocket';

/**
 * The overview's live hop feed. Its own component, so a `hops.created` message re-renders the
 * feed only, not the page's chart and tables (docs/benchmarks.md, "Event to browser").
 */
export function LiveFeedPanel() {
  const feed = useLiveHops(2 * LIVE_HOPS_PER_MESSAGE);
  const { status } = useSocket();
  return (
    <Panel
      className="feed-panel"
      title="Live hops"
      actions={
        <span className="muted small" data-testid="feed-received">
          {status === 'live' ? `${feed.received} new since opened` : 'stream not connected'}
        </span>
      }
      testId="live-feed-panel"
    >
      {feed.hops.length ? <HopFeed hops={feed.hops} testId="live-feed" /> : <p className="muted pad">Waiting for hops…</p>}
    </Panel>
  );
}
