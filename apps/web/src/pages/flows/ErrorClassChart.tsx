import { type ErrorClassRateDto } from '@closewatch/contracts/sync-health';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../format/amount';
import { humanize } from '../../format/catalog';
import { Table } from '../../components/Table';

/** Error hops of the window by error class (chart and exact counts with their share of all hops). */
export function ErrorClassChart({ classes }: { classes: ErrorClassRateDto[] }) {
  if (!classes.length)
    return (
      <p className="muted pad" data-testid="error-classes-none">
        No failed steps in this window.
      </p>
    );
  const data = classes.map((c) => ({ ...c, label: humanize(c.errorClass) }));
  return (
    <div data-testid="error-classes">
      <figure className="chart" aria-label="Failures by error class">
        <BarChart
          responsive
          layout="vertical"
          data={data}
          style={{ width: '100%', height: Math.max(90, 34 * data.length + 30) }}
          margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
        >
          <CartesianGrid stroke="var(--grid)" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
          <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 11, fill: 'var(--text)' }} stroke="var(--border)" />
          <Tooltip formatter={(v) => [String(v), 'errors']} contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }} />
          <Bar dataKey="errors" fill="var(--bad)" barSize={14} isAnimationActive={false} />
        </BarChart>
      </figure>
      <Table compact>
        <thead>
          <tr>
            <th scope="col">Error class</th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num">
              Share of hops
            </th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => (
            <tr key={c.errorClass} data-testid="error-class-row" data-error-class={c.errorClass}>
              <td className="mono">{c.errorClass}</td>
              <td className="num" data-testid="error-class-count">
                {c.errors}
              </td>
              <td className="num">{formatPercent(c.rate)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
