import { type GroupComparisonDto } from '@closewatch/contracts/recon';
import { formatAmount, formatSignedAmount } from '../../format/amount';
import { groupText, isNonZeroDecimal } from './recon-view';

/** Counts and totals per group, source next to target, differences (target minus source) highlighted. */
export function GroupsTable({ groups }: { groups: GroupComparisonDto[] }) {
  if (!groups.length) return <p className="muted pad">No totals configured for this reconciliation.</p>;
  return (
    <div className="table-wrap">
      <table className="table recon-groups" data-testid="recon-groups">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">
              Source rows
            </th>
            <th scope="col" className="num">
              Target rows
            </th>
            <th scope="col" className="num">
              Rows difference
            </th>
            <th scope="col" className="num">
              Source total
            </th>
            <th scope="col" className="num">
              Target total
            </th>
            <th scope="col" className="num">
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const key = groupText(g.group);
            const amountOff = isNonZeroDecimal(g.amountDifference);
            return (
              <tr key={key} className={g.balanced ? '' : 'recon-unbalanced'} data-testid="group-row" data-group={key} data-balanced={g.balanced}>
                <td className="mono small">{key}</td>
                <td className="num" data-testid="group-source-rows">
                  {g.source.rows}
                </td>
                <td className="num" data-testid="group-target-rows">
                  {g.target.rows}
                </td>
                <td className={`num${g.rowsDifference !== 0 ? ' recon-diff' : ''}`}>{g.rowsDifference > 0 ? `+${g.rowsDifference}` : g.rowsDifference}</td>
                <td className="num mono" data-testid="group-source-amount">
                  {formatAmount(g.source.amount)}
                </td>
                <td className="num mono" data-testid="group-target-amount">
                  {formatAmount(g.target.amount)}
                </td>
                <td className={`num mono${amountOff ? ' recon-diff' : ''}`} data-testid="group-difference">
                  {g.amountDifference === null ? '—' : formatSignedAmount(g.amountDifference)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
