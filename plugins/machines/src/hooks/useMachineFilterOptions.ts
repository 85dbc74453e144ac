import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { machinesApiRef } from '../api';

/** Groups (with counts) and tags in use, for filters, forms and the groups dialog. */
export function useMachineFilterOptions() {
  const api = useApi(machinesApiRef);
  const groups = useAsyncRetry(() => api.listGroups(), [api]);
  const tags = useAsyncRetry(() => api.listTags(), [api]);
  return {
    groups,
    tags,
    groupNames: (groups.value ?? []).map(g => g.name),
    tagNames: (tags.value ?? []).map(t => t.name),
    reload: () => {
      groups.retry();
      tags.retry();
    },
  };
}
