import { type ExceptionHistoryEntryDto } from '@closewatch/contracts/exceptions';
import { DrawerSection } from '../../components/Drawer';
import { UtcTime } from '../../components/UtcTime';
import { useReplayRequests } from '../../hooks/useReplays';
import { exceptionTimeline } from './replay-timeline';

/**
 * Every change of the exception in order (what, who, when, from which status to which, and why),
 * with the steps of the replays of its record among them (docs/replays.md).
 */
export function ExceptionTimeline({ exceptionId, history }: { exceptionId: string; history: ExceptionHistoryEntryDto[] }) {
  const replays = useReplayRequests({ exceptionId });
  const items = exceptionTimeline(history, replays.data?.items ?? []);
  return (
    <DrawerSection aria-label="History" data-testid="exception-history">
      <h3>History</h3>
      <ol className="timeline">
        {items.map((item) => {
          const isHistory = item.kind.startsWith('history-');
          const action = item.kind.replace(/^(history|replay)-/, '');
          return (
            <li
              key={item.key}
              className={`timeline-item ${isHistory ? `action-${action}` : `replay-step replay-${action}`}`}
              data-testid={isHistory ? 'history-entry' : 'timeline-replay'}
              {...(isHistory ? { 'data-action': action } : { 'data-step': action })}
            >
              <div className="timeline-head">
                <strong>{item.title}</strong>
                {item.chip ? <span className="chip">{item.chip}</span> : null}
              </div>
              <div className="small muted">
                <span data-testid="history-actor">{item.who}</span> · <UtcTime iso={item.at} />
              </div>
              {item.reason ? <div className="small timeline-reason">{item.reason}</div> : null}
            </li>
          );
        })}
      </ol>
    </DrawerSection>
  );
}
