import { type ReplayRequestDto } from '@closewatch/contracts/replays';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useReplayRequests } from '../../hooks/useReplays';
import { REPLAY_COLUMNS, replayRowProps } from '../replays/replay-columns';
import { LineageSection } from './LineageSection';

/** A record is rarely sent again more than a few times; the newest ones are shown. */
const SHOWN = 100;
const COLUMNS: Column<ReplayRequestDto>[] = [
  REPLAY_COLUMNS.requested,
  REPLAY_COLUMNS.flow,
  REPLAY_COLUMNS.by,
  REPLAY_COLUMNS.status,
  REPLAY_COLUMNS.outcome,
  REPLAY_COLUMNS.exception,
];

/** The record's replay history: every request to send it again, newest first, followed live while one waits. */
export function LineageReplaysPanel({ recordKey }: { recordKey: string }) {
  const replays = useReplayRequests({ recordKey }, SHOWN);
  if (replays.error) return <ErrorBanner error={replays.error} onRetry={() => void replays.refetch()} />;
  const rows = replays.data?.items ?? [];
  return (
    <LineageSection
      title="Replay requests"
      total={rows.length}
      what="replay requests"
      testId="lineage-replays"
      headless
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => r.id}
      rowProps={replayRowProps}
      empty={{ title: 'Never replayed', text: 'Nobody has asked the middleware to send this record again.' }}
    />
  );
}
