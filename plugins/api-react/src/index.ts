/**
 * The frontend kit of the OpsSight plugins: the one request helper of their
 * API clients and how errors are shown; the parts every page is made of (list
 * page body, form dialog, search and date-range fields, confirmation dialog);
 * role-gated pages; a ticking clock. Test fakes are in `/testing`.
 *
 * @packageDocumentation
 */
export { errorMessage, errorStatus, toResponseError } from './errors';
export { friendlyMessage } from './friendlyMessage';
export { createApiFetcher, queryString } from './apiFetcher';
export { PluginApiClient, recordPath } from './pluginApiClient';
export type { RecordRoutes } from './pluginApiClient';
export type {
  ApiClientOptions,
  ApiFetcher,
  ApiQuery,
  ApiRequest,
} from './apiFetcher';
export { saveFile } from './saveFile';
export { formatAgo } from './formatAgo';
export { TimeAgo } from './components/TimeAgo';
export { useNow } from './hooks/useNow';
export { usePaging } from './hooks/usePaging';
export { usePermissionFlags } from './hooks/usePermissionFlags';
export { useListQuery } from './hooks/useListQuery';
export type { ListQueryState } from './hooks/useListQuery';
export { ConfirmDialog } from './components/ConfirmDialog';
export { DialogProblem } from './components/DialogProblem';
export { ListPageBody, NoMatches } from './components/ListPageBody';
export { ListHeader, countOf } from './components/ListHeader';
export {
  FormDialog,
  FormTextField,
  useFormDialog,
  fieldErrorsFromMessage,
  withoutField,
} from './components/FormDialog';
export type {
  FieldErrors,
  FormDialogOptions,
  FormDialogState,
} from './components/FormDialog';
export { SearchField } from './components/SearchField';
export { RowAction } from './components/RowAction';
export { RowLinkAction } from './components/RowLinkAction';
export { NoValue } from './components/NoValue';
export { WrapRow } from './components/WrapRow';
export { HeadedTable } from './components/HeadedTable';
export { FilterSelect } from './components/FilterSelect';
export { TitledCard } from './components/TitledCard';
export type { HeadedTableColumn } from './components/HeadedTable';
export { BusyButton } from './components/BusyButton';
export { AddButton } from './components/AddButton';
export { SuccessNotice } from './components/SuccessNotice';
export { ListPagination } from './components/ListPagination';
export { DateRangeFields, dateRangeQuery } from './components/DateRangeFields';
export { NotForYourRole } from './components/NotForYourRole';
export { predicateName, roleGatedPage } from './pages/roleGatedPage';
export { apiClientExtension } from './pages/apiClientExtension';
export { pagePlugin } from './pages/pagePlugin';
export type { PageParams } from './pages/roleGatedPage';
// Until every test imports it from /testing.
export { fakePermissionApi } from './testing/fakePermissionApi';
