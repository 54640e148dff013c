import { CalendarsPanel } from './CalendarsPanel';
import { FxRatesPanel } from './FxRatesPanel';
import { ReadinessPanel } from './ReadinessPanel';
import './close.css';

export default function ClosePage() {
  return (
    <div className="page" data-testid="close-page">
      <div className="page-header">
        <div>
          <h1>Close</h1>
          <p className="muted">
            Which entities can close which period and why not, when each close starts and is due in the entity&apos;s own time zone, and the FX rates amounts
            are converted with.
          </p>
        </div>
      </div>
      <ReadinessPanel />
      <CalendarsPanel />
      <FxRatesPanel />
    </div>
  );
}
