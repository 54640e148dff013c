import { type ReconBreakDto } from '@closewatch/contracts/recon';
import { Link } from 'react-router-dom';
import { formatAmount } from '../../format/amount';
import { classificationText, keyText, valueText } from './recon-view';
import { BreakTypeBadge } from './BreakTypeBadge';
import { Table } from '../../components/Table';

function Row({ values, highlight }: { values: Record<string, unknown> | null; highlight: ReadonlySet<string> }) {
  if (!values) return <span className="muted">absent</span>;
  return (
    <dl className="recon-values">
      {Object.entries(values).map(([k, v]) => (
        <div key={k} className={highlight.has(k) ? 'recon-diff' : ''}>
          <dt>{k}</dt>
          <dd className="mono">{valueText(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Breaks with their key, both sides' values (differing fields highlighted), classification and links. */
export function BreaksTable({ breaks }: { breaks: ReconBreakDto[] }) {
  return (
    <Table className="recon-breaks" data-testid="breaks-table">
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Key</th>
          <th scope="col">Source</th>
          <th scope="col">Target</th>
          <th scope="col">Classification</th>
          <th scope="col" className="num">
            At risk
          </th>
          <th scope="col">Follow</th>
        </tr>
      </thead>
      <tbody>
        {breaks.map((b) => {
          const sourceFields = new Set(b.differences?.map((d) => d.field));
          const targetFields = new Set(b.differences?.map((d) => d.targetField));
          const c = b.classification;
          return (
            <tr key={b.id} data-testid="break-row" data-type={b.type} data-record-key={b.recordKey ?? ''} data-classification={c?.kind ?? ''}>
              <td>
                <BreakTypeBadge type={b.type} />
                {b.side ? (
                  <div className="small muted">
                    {b.rows} rows in {b.side}
                  </div>
                ) : null}
              </td>
              <td className="mono small" data-testid="break-key">
                {keyText(b.key)}
              </td>
              <td className="small">
                <Row values={b.source} highlight={sourceFields} />
              </td>
              <td className="small">
                <Row values={b.target} highlight={targetFields} />
                {b.differences?.some((d) => d.difference) ? (
                  <div className="small recon-diff" data-testid="break-difference">
                    {b.differences
                      .filter((d) => d.difference)
                      .map((d) => `${d.field}: ${d.difference}`)
                      .join('; ')}
                  </div>
                ) : null}
              </td>
              <td className="small" data-testid="break-classification">
                <span className={`recon-class recon-class-${c?.kind ?? 'none'}`}>{classificationText(c)}</span>
              </td>
              <td className="num mono small">{b.amountAtRisk ? formatAmount(b.amountAtRisk, b.currency) : '—'}</td>
              <td className="small recon-follow">
                {b.recordKey ? (
                  <Link to={`/lineage?recordKey=${encodeURIComponent(b.recordKey)}`} data-testid="break-lineage">
                    Lineage
                  </Link>
                ) : null}
                {b.exceptionId ? (
                  <Link to={`/exceptions?open=${encodeURIComponent(b.exceptionId)}`} data-testid="break-exception">
                    Exception
                  </Link>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
