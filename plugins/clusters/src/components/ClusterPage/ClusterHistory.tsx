import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ClusterChange } from '@opssight/plugin-clusters-common';
import { clustersApiRef, errorMessage } from '../../api';
import { formatTime } from '../../format';
import { LoadErrorAlert } from '../LoadErrorAlert';
import { TopologyDiffView } from '../TopologyDiffView';
import { WrapRow } from '@opssight/plugin-api-react';

const KIND_LABELS: Record<ClusterChange['kind'], string> = {
  created: 'Created',
  reconfigured: 'Nodes changed',
  updated: 'Details changed',
};

function Change(props: { change: ClusterChange }) {
  const { change } = props;
  return (
    <Stack spacing={1} sx={{ py: 2 }} data-testid={`change-${change.id}`}>
      <WrapRow>
        <Chip
          size="small"
          label={KIND_LABELS[change.kind] ?? change.kind}
          color={change.kind === 'reconfigured' ? 'primary' : 'default'}
          variant={change.kind === 'reconfigured' ? 'filled' : 'outlined'}
        />
        <Typography variant="body2">{formatTime(change.at)}</Typography>
        <Typography variant="body2" color="text.secondary">
          by
        </Typography>
        <EntityRefLink entityRef={change.by} defaultKind="user" />
      </WrapRow>
      {change.kind === 'updated' ? (
        <Typography variant="body2" color="text.secondary">
          Changed:{' '}
          {change.fields.length > 0 ? change.fields.join(', ') : 'details'}
        </Typography>
      ) : (
        <TopologyDiffView diff={change.diff} />
      )}
    </Stack>
  );
}

/** Every change of the cluster, newest first: who, when, and what changed. */
export function ClusterHistory(props: {
  clusterId: string;
  reloadKey?: string;
}) {
  const api = useApi(clustersApiRef);
  const history = useAsyncRetry(
    () => api.getHistory(props.clusterId),
    [api, props.clusterId, props.reloadKey],
  );
  if (!history.value && history.loading) return <Progress />;
  if (history.error) {
    return (
      <LoadErrorAlert onRetry={history.retry}>
        Could not load the history: {errorMessage(history.error)}
      </LoadErrorAlert>
    );
  }
  const changes = [...(history.value ?? [])].sort((a, b) =>
    b.at.localeCompare(a.at),
  );
  if (changes.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }}>
        No changes recorded.
      </Typography>
    );
  }
  return (
    <Stack divider={<Divider />} sx={{ px: 2 }}>
      {changes.map(change => (
        <Change key={change.id} change={change} />
      ))}
    </Stack>
  );
}
