import { type ExceptionHistoryEntryDto } from '@closewatch/contracts/exceptions';
import { UtcTime } from '../../components/UtcTime';
import { actorLabel } from '../../format/actor';
import { historyTitle, statusChange } from './history-text';
import { DrawerSection } from '../../components/Drawer';

/** Every change of the exception in order: what, who, when, from which status to which, and why. */
export function ExceptionTimeline({ history }: { history: ExceptionHistoryEntryDto[] }) {
  return (
    <DrawerSection aria-label="History" data-testid="exception-history">
      <h3>History</h3>
      <ol className="timeline">
        {history.map((h) => (
          <li key={h.id} className={`timeline-item action-${h.action}`} data-testid="history-entry" data-action={h.action}>
            <div className="timeline-head">
              <strong>{historyTitle(h)}</strong>
              {statusChange(h) ? <span className="chip">{statusChange(h)}</span> : null}
            </div>
            <div className="small muted">
              <span data-testid="history-actor">{actorLabel(h.actor)}</span> · <UtcTime iso={h.at} />
            </div>
            {h.reason ? <div className="small timeline-reason">{h.reason}</div> : null}
          </li>
        ))}
      </ol>
    </DrawerSection>
  );
}
