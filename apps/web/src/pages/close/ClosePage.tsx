import { CalendarsPanel } from './CalendarsPanel';
import { FxRatesPanel } from './FxRatesPanel';
import './close.css';

export default function ClosePage() {
  return (
    <div className="page" data-testid="close-page">
      <div className="page-header">
        <div>
          <h1>Close</h1>
          <p className="muted">When each entity&apos;s month-end close starts and is due, in its own time zone, and the FX rates amounts are converted with.</p>
        </div>
      </div>
      <CalendarsPanel />
      <FxRatesPanel />
    </div>
  );
}
