import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  countOf,
  ListHeader,
  ListPageBody,
  NoMatches,
  usePaging,
} from '@opssight/plugin-api-react';
import { JOB_STATUS_LOOK } from '@opssight/plugin-jobs-react';
import { JOB_STATUSES } from '@opssight/plugin-jobs-common';
import { automationApiRef } from '../../api';
import { RunsTable } from './RunsTable';

/** Every run, newest first, narrowed by status. */
export function RunsTab() {
  const api = useApi(automationApiRef);
  const paging = usePaging();
  const [status, setStatus] = useState('');
  const list = useAsyncRetry(
    () =>
      api.listRuns({
        status: status || undefined,
        limit: paging.rowsPerPage,
        offset: paging.offset,
      }),
    [api, status, paging.rowsPerPage, paging.offset],
  );
  const totalCount = list.value?.totalCount ?? 0;
  return (
    <Stack spacing={2}>
      <ListHeader
        testId="runs-count"
        actions={
          <TextField
            select
            size="small"
            label="Status"
            value={status}
            onChange={e => {
              setStatus(e.target.value);
              paging.firstPage();
            }}
            sx={{ minWidth: 160 }}
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
          >
            <MenuItem value="">Any</MenuItem>
            {JOB_STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                {JOB_STATUS_LOOK[s].label}
              </MenuItem>
            ))}
          </TextField>
        }
      >
        {countOf(totalCount, 'run')}
      </ListHeader>
      <ListPageBody
        noun="runs"
        list={list}
        onRetry={list.retry}
        isEmpty={totalCount === 0 && !status}
        emptyState={{
          title: 'No runs yet',
          description:
            'Runs start from a template (Run on the Templates tab) or from a schedule.',
        }}
      >
        {list.value?.items.length === 0 ? (
          <NoMatches onClear={() => setStatus('')}>
            No runs match this status.
          </NoMatches>
        ) : (
          <RunsTable
            runs={list.value?.items ?? []}
            pagination={{ totalCount, ...paging }}
          />
        )}
      </ListPageBody>
    </Stack>
  );
}
