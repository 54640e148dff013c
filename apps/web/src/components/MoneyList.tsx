import { type MoneyDto } from '@closewatch/contracts/exceptions';
import { Amount } from './Amount';

/** Amounts in several currencies, one per line (exact decimals); a dash when there are none. */
export function MoneyList({ amounts, testId }: { amounts: MoneyDto[]; testId?: string }) {
  if (!amounts.length)
    return (
      <span className="muted" data-testid={testId}>
        —
      </span>
    );
  return (
    <span className="money-list" data-testid={testId}>
      {amounts.map((m) => (
        <Amount key={m.currency} amount={m.amount} currency={m.currency} />
      ))}
    </span>
  );
}
