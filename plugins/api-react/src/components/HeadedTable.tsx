import { isValidElement, ReactElement, ReactNode } from 'react';
import Table, { type TableProps } from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell, { type TableCellProps } from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ListPagination } from './ListPagination';

/**
 * One column of a {@link HeadedTable}: its title; or its title with how its
 * cells sit (`{ label: 'Actions', align: 'right' }`); or a whole header cell
 * of its own (a sortable title, a select-all checkbox). `false`, `null` or
 * `undefined`: the column is not shown (`canDelete && 'Actions'`).
 *
 * @public
 */
export type HeadedTableColumn =
  | string
  | (TableCellProps & { label: ReactNode; key?: string })
  | ReactElement
  | false
  | null
  | undefined;

/**
 * A small table with a header row of titles: `columns` say the header, the
 * children are the body's rows. With `pagination`, the pager stands under it.
 *
 * @public
 */
export function HeadedTable(props: {
  /** The table's accessible name, e.g. `Clusters`. */
  label: string;
  columns: HeadedTableColumn[];
  sx?: TableProps['sx'];
  pagination?: Parameters<typeof ListPagination>[0];
  children: ReactNode;
}) {
  const table = (
    <TableContainer>
      <Table size="small" aria-label={props.label} sx={props.sx}>
        <TableHead>
          <TableRow>{props.columns.map(headerCell)}</TableRow>
        </TableHead>
        <TableBody>{props.children}</TableBody>
      </Table>
    </TableContainer>
  );
  if (!props.pagination) return table;
  return (
    <>
      {table}
      <ListPagination {...props.pagination} />
    </>
  );
}

function headerCell(column: HeadedTableColumn, index: number) {
  if (!column) return null;
  if (typeof column === 'string') {
    return <TableCell key={column}>{column}</TableCell>;
  }
  if (isValidElement(column)) return column;
  const { label, key, ...cell } = column as Exclude<
    HeadedTableColumn,
    string | ReactElement | false | null | undefined
  >;
  return (
    <TableCell
      key={key ?? (typeof label === 'string' ? label : index)}
      {...cell}
    >
      {label}
    </TableCell>
  );
}
