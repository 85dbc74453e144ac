import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import DownloadIcon from '@mui/icons-material/Download';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BusyButton,
  countOf,
  ListHeader,
  ListPageBody,
  NoMatches,
  NotForYourRole,
  saveFile,
  useListQuery,
  usePaging,
} from '@opssight/plugin-api-react';
import type { AuditVerifyResult } from '@opssight/plugin-audit-common';
import { ADMINS_ONLY } from '../../adminsOnly';
import { auditApiRef, errorMessage, errorStatus } from '../../api';
import {
  AuditFilterBar,
  EMPTY_FILTERS,
  toAuditFilter,
  type AuditFilterValues,
} from '../AuditFilterBar';
import { AuditTable } from '../AuditTable';
import { VerifyResult } from './VerifyResult';

export function AuditPage() {
  const api = useApi(auditApiRef);

  const [values, setValues] = useState<AuditFilterValues>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<AuditFilterValues>(EMPTY_FILTERS);
  useDebounce(() => setApplied(values), 300, [values]);
  const parsed = toAuditFilter(applied);
  const filter = 'filter' in parsed ? parsed.filter : undefined;
  // The export takes the filters as shown, even when typed a moment ago.
  const shown = toAuditFilter(values);
  const exportFilter = 'filter' in shown ? shown.filter : undefined;

  const paging = usePaging();
  // New filters start from the first page.
  const filterKey = JSON.stringify(filter);
  const [lastFilterKey, setLastFilterKey] = useState(filterKey);
  if (filterKey !== lastFilterKey) {
    setLastFilterKey(filterKey);
    paging.firstPage();
  }

  // One item per action, with its outcome; nothing is asked while the filters
  // are ones the server would refuse.
  const list = useListQuery(
    query => api.listActions(query),
    filter && {
      ...filter,
      limit: paging.rowsPerPage,
      offset: paging.offset,
    },
  );

  // The actions that occur, for the action filter.
  const actionNames = useAsync(() => api.listActionNames(), [api]);

  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<AuditVerifyResult>();
  const [exporting, setExporting] = useState(false);
  const [actionError, setActionError] = useState<string>();

  const verify = async () => {
    setVerifying(true);
    setVerified(undefined);
    setActionError(undefined);
    try {
      setVerified(await api.verifyChain());
    } catch (e) {
      setActionError(`Could not verify the chain: ${errorMessage(e)}`);
    } finally {
      setVerifying(false);
    }
  };

  const exportEntries = async () => {
    if (!exportFilter) return;
    setExporting(true);
    setActionError(undefined);
    try {
      const { blob, filename } = await api.exportEntries(exportFilter);
      saveFile(filename, blob);
    } catch (e) {
      setActionError(`Could not export: ${errorMessage(e)}`);
    } finally {
      setExporting(false);
    }
  };

  // The page is only mounted for readers, but a role can change mid-session.
  if (errorStatus(list.error) === 403) {
    return <NotForYourRole {...ADMINS_ONLY} />;
  }

  const actions = list.value?.items ?? [];
  const totalCount = list.value?.totalCount ?? 0;
  const filtering = Object.keys(filter ?? {}).length > 0;

  return (
    <Box sx={{ p: 3 }}>
      <Stack spacing={2}>
        <ListHeader
          testId="audit-count"
          actions={
            <>
              <BusyButton
                variant="outlined"
                busy={verifying}
                icon={<VerifiedUserIcon />}
                onClick={verify}
              >
                Verify chain
              </BusyButton>
              <BusyButton
                variant="contained"
                busy={exporting}
                icon={<DownloadIcon />}
                onClick={exportEntries}
                disabled={!exportFilter}
              >
                Export JSON Lines
              </BusyButton>
            </>
          }
        >
          {list.value &&
            `${countOf(
              totalCount,
              filtering ? 'matching action' : 'action',
            )} · newest first`}
        </ListHeader>

        {verified && (
          <VerifyResult
            result={verified}
            onClose={() => setVerified(undefined)}
          />
        )}
        {actionError && (
          <Alert severity="error" onClose={() => setActionError(undefined)}>
            {actionError}
          </Alert>
        )}

        <AuditFilterBar
          values={values}
          onChange={setValues}
          errors={'error' in parsed ? parsed.error : undefined}
          actionNames={actionNames.value}
        />

        <ListPageBody
          noun="entries"
          errorTitle={() => 'Could not load the audit trail'}
          list={list}
          onRetry={list.reload}
        >
          {actions.length === 0 && !list.loading ? (
            <NoMatches
              onClear={filtering ? () => setValues(EMPTY_FILTERS) : undefined}
            >
              {filtering
                ? 'No actions match these filters.'
                : 'The audit trail is empty.'}
            </NoMatches>
          ) : (
            <AuditTable
              actions={actions}
              totalCount={totalCount}
              {...paging}
              onFilterRequest={requestId =>
                setValues(v => ({ ...v, requestId }))
              }
            />
          )}
        </ListPageBody>
      </Stack>
    </Box>
  );
}
