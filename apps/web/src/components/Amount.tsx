import { formatAmount } from '../format/amount';

/** An exact decimal amount as sent by the API, with its currency. */
export function Amount({ amount, currency, testId }: { amount: string | null | undefined; currency?: string | null; testId?: string }) {
  return (
    <span className="amount" data-testid={testId}>
      {formatAmount(amount, currency)}
    </span>
  );
}
