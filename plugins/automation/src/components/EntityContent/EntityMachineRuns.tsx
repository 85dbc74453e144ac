import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Stack from '@mui/material/Stack';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  countOf,
  ListHeader,
  ListPageBody,
  usePaging,
} from '@opssight/plugin-api-react';
import { MACHINE_ANNOTATIONS } from '@opssight/plugin-machines-common';
import { automationApiRef } from '../../api';
import { RunsTable } from '../RunsTab/RunsTable';

/** A machine entity's "Automation" tab: the playbook runs that touched it. */
export function EntityMachineRuns() {
  const { entity } = useEntity();
  const machineId = entity.metadata.annotations?.[MACHINE_ANNOTATIONS.id];
  const api = useApi(automationApiRef);
  const paging = usePaging();
  const list = useAsyncRetry(
    async () =>
      machineId
        ? api.listRuns({
            machineId,
            limit: paging.rowsPerPage,
            offset: paging.offset,
          })
        : { items: [], totalCount: 0 },
    [api, machineId, paging.rowsPerPage, paging.offset],
  );
  const totalCount = list.value?.totalCount ?? 0;
  return (
    <Stack spacing={2}>
      <ListHeader testId="machine-runs-count">
        {countOf(totalCount, 'playbook run')} on this machine
      </ListHeader>
      <ListPageBody
        noun="runs"
        list={list}
        onRetry={list.retry}
        isEmpty={totalCount === 0}
        emptyState={{
          title: 'No playbook has run here yet',
          description:
            'Runs of templates whose inventory includes this machine show here.',
        }}
      >
        <RunsTable
          runs={list.value?.items ?? []}
          pagination={{ totalCount, ...paging }}
        />
      </ListPageBody>
    </Stack>
  );
}
