import { useNavigate } from 'react-router-dom';
import Box from '@mui/material/Box';
import { useQueryParamState } from '@backstage/core-components';
import { BreadcrumbEntry, useRouteRef } from '@backstage/frontend-plugin-api';
import type { RunTargetSelection } from '@opssight/plugin-clusters-common';
import { runRouteRef } from '../../routes';
import { RunScriptForm } from './RunScriptForm';

/** The targets a link asks for: `?clusterId=…[&role=…]`, `?group=…` or `?machineIds=a,b`. */
export function targetsFromQuery(query: {
  clusterId?: string;
  role?: string;
  group?: string;
  machineIds?: string;
}): RunTargetSelection | undefined {
  if (query.clusterId) {
    const role =
      query.role === 'master' || query.role === 'worker' ? query.role : 'all';
    return { clusterId: query.clusterId, role };
  }
  if (query.group) return { group: query.group };
  const ids = (query.machineIds ?? '').split(',').filter(Boolean);
  return ids.length > 0 ? { machineIds: ids } : undefined;
}

/** `/clusters/runs/new`: a script to run on many machines at once. */
export function RunScriptPage() {
  const navigate = useNavigate();
  const runLink = useRouteRef(runRouteRef);
  const [clusterId] = useQueryParamState<string>('clusterId');
  const [role] = useQueryParamState<string>('role');
  const [group] = useQueryParamState<string>('group');
  const [machineIds] = useQueryParamState<string>('machineIds');
  const targets = targetsFromQuery({ clusterId, role, group, machineIds });
  return (
    <BreadcrumbEntry entry={{ label: 'Run script', href: '' }}>
      <Box sx={{ p: 3, maxWidth: 1200 }}>
        <RunScriptForm
          key={JSON.stringify(targets ?? null)}
          initialTargets={targets}
          onStarted={job => runLink && navigate(runLink({ id: job.id }))}
        />
      </Box>
    </BreadcrumbEntry>
  );
}
