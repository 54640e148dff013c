import { errorText } from '../api/api-error';
import { Button } from './Button';

/** An error from the API, with its message, and a way to try again. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error === undefined || error === null) return null;
  const text = typeof error === 'string' ? error : errorText(error);
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <span>{text}</span>
      {onRetry ? (
        <Button size="small" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
