import { type GroupComparisonDto } from '@closewatch/contracts/recon';
import { type Column, DataTable } from '../../components/DataTable';
import { formatAmount, formatSignedAmount } from '../../format/amount';
import { groupText, isNonZeroDecimal } from './recon-view';

const COLUMNS: Column<GroupComparisonDto>[] = [
  { header: 'Group', className: 'mono small', cell: (g) => groupText(g.group) },
  { header: 'Source rows', numeric: true, cellTestId: 'group-source-rows', cell: (g) => g.source.rows },
  { header: 'Target rows', numeric: true, cellTestId: 'group-target-rows', cell: (g) => g.target.rows },
  {
    header: 'Rows difference',
    numeric: true,
    className: (g) => (g.rowsDifference !== 0 ? 'recon-diff' : undefined),
    cell: (g) => (g.rowsDifference > 0 ? `+${g.rowsDifference}` : g.rowsDifference),
  },
  { header: 'Source total', numeric: true, className: 'mono', cellTestId: 'group-source-amount', cell: (g) => formatAmount(g.source.amount) },
  { header: 'Target total', numeric: true, className: 'mono', cellTestId: 'group-target-amount', cell: (g) => formatAmount(g.target.amount) },
  {
    header: 'Difference',
    numeric: true,
    className: (g) => (isNonZeroDecimal(g.amountDifference) ? 'mono recon-diff' : 'mono'),
    cellTestId: 'group-difference',
    cell: (g) => (g.amountDifference === null ? '—' : formatSignedAmount(g.amountDifference)),
  },
];

/** Counts and totals per group, source next to target, differences (target minus source) highlighted. */
export function GroupsTable({ groups }: { groups: GroupComparisonDto[] }) {
  return (
    <DataTable
      className="recon-groups"
      testId="recon-groups"
      columns={COLUMNS}
      rows={groups}
      rowKey={(g) => groupText(g.group)}
      rowProps={(g) => ({
        className: g.balanced ? '' : 'recon-unbalanced',
        'data-testid': 'group-row',
        'data-group': groupText(g.group),
        'data-balanced': String(g.balanced),
      })}
      empty={<p className="muted pad">No totals configured for this reconciliation.</p>}
    />
  );
}
