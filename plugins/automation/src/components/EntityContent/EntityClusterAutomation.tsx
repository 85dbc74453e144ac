import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import {
  BusyButton,
  friendlyMessage,
  HeadedTable,
  ListPageBody,
} from '@opssight/plugin-api-react';
import type { Template } from '@opssight/plugin-automation-common';
import { CLUSTER_ANNOTATIONS } from '@opssight/plugin-clusters-common';
import { automationApiRef } from '../../api';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { rootRouteRef, runRouteRef } from '../../routes';
import { SurveyDialog } from '../SurveyDialog';

/**
 * A cluster entity's "Automation" tab: the templates that run on the
 * cluster's inventory (its nodes in Kubespray's groups), each with Run; and,
 * when the cluster has no inventory yet, the button that makes one.
 */
export function EntityClusterAutomation() {
  const { entity } = useEntity();
  const clusterId = entity.metadata.annotations?.[CLUSTER_ANNOTATIONS.id];
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const root = useRouteRef(rootRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const navigate = useNavigate();
  const [running, setRunning] = useState<Template>();
  const [creating, setCreating] = useState(false);
  const [problem, setProblem] = useState<unknown>();

  const found = useAsyncRetry(async () => {
    // Few inventories: one page holds them all.
    const inventories = (
      await api.listInventories({ limit: 500 })
    ).items.filter(
      i => i.source.kind === 'registry' && i.source.clusterId === clusterId,
    );
    const templates = (
      await Promise.all(
        inventories.map(i => api.listTemplates({ inventoryId: i.id })),
      )
    ).flatMap(page => page.items);
    return { inventories, templates };
  }, [api, clusterId]);

  const inventories = found.value?.inventories ?? [];
  const templates = found.value?.templates ?? [];
  const inventoryName = (id: string) =>
    inventories.find(i => i.id === id)?.name ?? '';

  return (
    <Stack spacing={2}>
      {problem !== undefined && (
        <Alert severity="error">
          Could not create the inventory: {friendlyMessage(problem)}
        </Alert>
      )}
      <ListPageBody
        noun="playbooks"
        list={found}
        onRetry={found.retry}
        isEmpty={templates.length === 0}
        emptyState={{
          title:
            inventories.length === 0
              ? 'No inventory of this cluster yet'
              : 'No template runs on this cluster yet',
          description:
            inventories.length === 0
              ? "An inventory of the cluster puts its nodes in Kubespray's groups (kube_control_plane, kube_node, etcd, k8s_cluster); templates then run playbooks on it."
              : `Create a template on the inventory '${inventories[0]?.name}' (Automation, Templates) to run a playbook here.`,
          canAdd: permissions.canEdit,
          readOnlyDescription:
            'Playbook runs on this cluster show here once an Operator sets them up.',
          action:
            inventories.length === 0 && clusterId ? (
              <BusyButton
                variant="contained"
                busy={creating}
                onClick={async () => {
                  setCreating(true);
                  setProblem(undefined);
                  try {
                    await api.createInventory({
                      name: `${
                        entity.metadata.title ?? entity.metadata.name
                      } nodes`,
                      description: `The nodes of the cluster ${entity.metadata.name}, in Kubespray's groups.`,
                      source: {
                        kind: 'registry',
                        groups: [],
                        tags: [],
                        machineIds: [],
                        clusterId,
                      },
                      vars: '',
                      groupVars: {},
                      hostVars: {},
                    });
                    found.retry();
                  } catch (error) {
                    setProblem(error);
                  } finally {
                    setCreating(false);
                  }
                }}
              >
                Create an inventory of this cluster
              </BusyButton>
            ) : (
              root && (
                <Button variant="contained" href={`${root()}/templates`}>
                  Go to templates
                </Button>
              )
            ),
        }}
      >
        <Typography variant="body2" color="text.secondary">
          Templates on this cluster's inventory; Run asks their survey and opens
          the run.
        </Typography>
        <HeadedTable
          label="Playbooks on this cluster"
          columns={['Template', 'Playbook', 'Inventory', '']}
        >
          {templates.map(template => (
            <TableRow key={template.id} hover>
              <TableCell>
                {root ? (
                  <Link to={`${root()}/templates`}>{template.name}</Link>
                ) : (
                  template.name
                )}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {template.playbook}
              </TableCell>
              <TableCell>{inventoryName(template.inventoryId)}</TableCell>
              <TableCell align="right">
                {permissions.canRun && (
                  <Button size="small" onClick={() => setRunning(template)}>
                    Run playbook
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      </ListPageBody>
      {running && (
        <SurveyDialog
          template={running}
          onClose={() => setRunning(undefined)}
          onRun={async answers => {
            const started = await api.startRun(running.id, { answers });
            setRunning(undefined);
            if (runLink) navigate(runLink({ id: started.job.id }));
          }}
        />
      )}
    </Stack>
  );
}
