import { useState } from 'react';

/**
 * Which page of a server-paged list is shown and how many rows a page has,
 * shaped to spread into {@link ListPagination}: a new page size starts again
 * from the first page.
 *
 * @public
 */
export function usePaging(initialRowsPerPage = 25) {
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(initialRowsPerPage);
  return {
    /** From 0. */
    page,
    rowsPerPage,
    /** The first row of the page, for the query's `offset`. */
    offset: page * rowsPerPage,
    onPageChange: setPage,
    onRowsPerPageChange: (rows: number) => {
      setRowsPerPage(rows);
      setPage(0);
    },
    /** Back to the first page, when the filters change. */
    firstPage: () => setPage(0),
  };
}
