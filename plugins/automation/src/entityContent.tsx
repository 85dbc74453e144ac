import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { CLUSTER_ENTITY_TYPE } from '@opssight/plugin-clusters-common';
import { MACHINE_ENTITY_TYPE } from '@opssight/plugin-machines-common';

const resourceOfType = (type: string) => (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
  entity.spec?.type === type;

/** A machine's "Automation" tab: the runs that touched it. */
export const machineRunsEntityContent = EntityContentBlueprint.make({
  name: 'machine-runs',
  params: {
    path: '/automation',
    title: 'Automation',
    filter: resourceOfType(MACHINE_ENTITY_TYPE),
    loader: () =>
      import('./components/EntityContent').then(m => <m.EntityMachineRuns />),
  },
});

/** A cluster's "Automation" tab: Run playbook with the cluster's inventory. */
export const clusterAutomationEntityContent = EntityContentBlueprint.make({
  name: 'cluster-automation',
  params: {
    path: '/automation',
    title: 'Automation',
    filter: resourceOfType(CLUSTER_ENTITY_TYPE),
    loader: () =>
      import('./components/EntityContent').then(m => (
        <m.EntityClusterAutomation />
      )),
  },
});
