import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { clustersApiRef, errorMessage, errorStatus } from '../../api';
import { formatAgo } from '../../format';
import { useTerminalLink } from '../../hooks/useTerminalLink';
import { clusterRouteRef } from '../../routes';
import { NodesTable } from '../ClusterPage/NodesTable';
import { HealthChip } from '../HealthChip';
import { LinkButton } from '../LinkButton';
import { LoadErrorAlert } from '../LoadErrorAlert';
import { WrapRow } from '@opssight/plugin-api-react';

/** The "Cluster" tab of a cluster's catalog entity: its health and nodes, and the way to its page. */
export function EntityClusterContent() {
  const { entity } = useEntity();
  const api = useApi(clustersApiRef);
  const clusterLink = useRouteRef(clusterRouteRef);
  const terminalLink = useTerminalLink();
  const name = entity.metadata.name;
  const cluster = useAsyncRetry(() => api.getClusterByName(name), [api, name]);

  if (cluster.loading) return <Progress />;
  if (cluster.error) {
    return (
      <LoadErrorAlert
        severity={errorStatus(cluster.error) === 404 ? 'warning' : 'error'}
        onRetry={cluster.retry}
      >
        {errorStatus(cluster.error) === 404
          ? `The clusters registry has no cluster named ${name}: it may have been deleted, and the catalog will follow.`
          : `Could not load the cluster: ${errorMessage(cluster.error)}`}
      </LoadErrorAlert>
    );
  }
  const value = cluster.value!;
  return (
    <Stack spacing={2}>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <WrapRow spacing={2}>
          <HealthChip state={value.health.state} />
          <Typography>{value.health.summary}</Typography>
          {value.health.checkedAt && (
            <Typography variant="body2" color="text.secondary">
              checked {formatAgo(value.health.checkedAt)}
            </Typography>
          )}
          <Box sx={{ flexGrow: 1 }} />
          {clusterLink && (
            <LinkButton
              variant="outlined"
              endIcon={<OpenInNewIcon />}
              to={clusterLink({ id: value.id })}
            >
              Cluster page
            </LinkButton>
          )}
        </WrapRow>
      </Paper>
      <Paper variant="outlined">
        <NodesTable nodes={value.nodes} terminalLink={terminalLink} />
      </Paper>
    </Stack>
  );
}
