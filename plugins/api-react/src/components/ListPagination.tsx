import TablePagination from '@mui/material/TablePagination';

/**
 * The pager under a server-paged table: which page, how many rows a page.
 *
 * @public
 */
export function ListPagination(props: {
  totalCount: number;
  /** From 0. */
  page: number;
  rowsPerPage: number;
  onPageChange: (page: number) => void;
  onRowsPerPageChange: (rowsPerPage: number) => void;
  /** Defaults to 25, 50 and 100. */
  rowsPerPageOptions?: number[];
}) {
  return (
    <TablePagination
      component="div"
      count={props.totalCount}
      page={props.page}
      rowsPerPage={props.rowsPerPage}
      rowsPerPageOptions={props.rowsPerPageOptions ?? [25, 50, 100]}
      onPageChange={(_e, next) => props.onPageChange(next)}
      onRowsPerPageChange={e =>
        props.onRowsPerPageChange(parseInt(e.target.value, 10))
      }
    />
  );
}
