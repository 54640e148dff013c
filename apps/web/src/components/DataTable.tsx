import { type ComponentProps, Fragment, type ReactNode } from 'react';
import { Table } from './Table';

/** One column: its header and how a row fills its cell. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** Right-aligned numbers: `num` on the header and the cells. */
  numeric?: boolean;
  /** Class of the cells (after `num`), or of each row's cell. */
  className?: string | ((row: T) => string | undefined);
  /** Class of the header cell besides `num`. */
  headerClassName?: string;
  /** `data-testid` of the cells. */
  cellTestId?: string;
  /** Tooltip of a row's cell. */
  cellTitle?: (row: T) => string | undefined;
  /** Only for assistive technology (an actions column). */
  hiddenHeader?: boolean;
}

/** Attributes of a row: test ids and `data-*` values the tests and styles read. */
export type RowProps = ComponentProps<'tr'> & { [attribute: `data-${string}`]: string | undefined };

/**
 * The dashboard's table (Table) with a header row and one row per item. `children` go below the
 * table (a "showing the newest" note); `empty` is shown
 * instead of the table when there are no rows (nothing by default). `expanded` gives a row's
 * details (or null), shown in a full-width row under it.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowProps,
  className,
  compact,
  testId,
  empty,
  headless = false,
  expanded,
  children,
}: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  rowProps?: (row: T) => RowProps;
  /** Extra class of the table (its page's styles). */
  className?: string;
  compact?: boolean;
  testId?: string;
  empty?: ReactNode;
  /** No header row (short lists whose cells say what they are). */
  headless?: boolean;
  expanded?: (row: T) => ReactNode;
  children?: ReactNode;
}) {
  if (!rows.length && empty !== undefined) return <>{empty}</>;
  return (
    <>
      <Table className={className} compact={compact} data-testid={testId}>
        {headless ? null : (
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col" className={[c.numeric ? 'num' : '', c.headerClassName ?? ''].filter(Boolean).join(' ') || undefined}>
                  {c.hiddenHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((row, r) => {
            const details = expanded?.(row);
            return (
              <Fragment key={rowKey(row, r)}>
                <tr {...rowProps?.(row)}>
                  {columns.map((c, i) => (
                    <td key={i} className={cellClass(c, row)} data-testid={c.cellTestId} title={c.cellTitle?.(row)}>
                      {c.cell(row, r)}
                    </td>
                  ))}
                </tr>
                {details ? (
                  <tr className="row-details">
                    <td colSpan={columns.length}>{details}</td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </Table>
      {children}
    </>
  );
}

function cellClass<T>(c: Column<T>, row: T): string | undefined {
  const own = typeof c.className === 'function' ? c.className(row) : c.className;
  return [c.numeric ? 'num' : '', own ?? ''].filter(Boolean).join(' ') || undefined;
}
