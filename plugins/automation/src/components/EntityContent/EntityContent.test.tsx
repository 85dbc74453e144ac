import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderAutomationRoute } from '../../__testUtils__/renderAutomationRoute';
import {
  fakeAutomationApi,
  INVENTORY_ID,
  makeInventory,
  makeRun,
  makeTemplate,
} from '../../testing/fakeAutomationApi';
import { EntityClusterAutomation } from './EntityClusterAutomation';
import { EntityMachineRuns } from './EntityMachineRuns';

const page = <T,>(items: T[]) => ({ items, totalCount: items.length });

const entity = (type: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'lab', annotations },
  spec: { type, owner: 'group:default/platform-team' },
});
const MACHINE = entity('machine', { 'opssight.io/machine-id': 'm-1' });
const CLUSTER_ID = '00000000-0000-4000-8000-00000000c1a5';
const CLUSTER = entity('kubernetes-cluster', {
  'opssight.io/cluster-id': CLUSTER_ID,
});

describe('the automation tabs of catalog entities', () => {
  it("lists the runs that touched a machine, by the machine's id", async () => {
    const api = fakeAutomationApi({
      listRuns: async () => page([makeRun({ templateName: 'patch web' })]),
    });
    renderAutomationRoute(
      <EntityProvider entity={MACHINE}>
        <EntityMachineRuns />
      </EntityProvider>,
      { api, role: 'viewer' },
    );
    expect(await screen.findByText('patch web')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(
      expect.objectContaining({ machineId: 'm-1' }),
    );
  });

  it("offers an operator an inventory of a cluster that has none, made of the cluster's nodes", async () => {
    const api = fakeAutomationApi({ listInventories: async () => page([]) });
    renderAutomationRoute(
      <EntityProvider entity={CLUSTER}>
        <EntityClusterAutomation />
      </EntityProvider>,
      { api, role: 'operator' },
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Create an inventory of this cluster',
      }),
    );
    await waitFor(() =>
      expect(api.createInventory).toHaveBeenCalledWith(
        expect.objectContaining({
          source: expect.objectContaining({
            kind: 'registry',
            clusterId: CLUSTER_ID,
          }),
        }),
      ),
    );
  });

  it("runs a template on the cluster's inventory from the tab, and a viewer only sees it", async () => {
    const inventory = makeInventory({
      source: {
        kind: 'registry',
        groups: [],
        tags: [],
        machineIds: [],
        clusterId: CLUSTER_ID,
      },
    });
    const template = makeTemplate({
      name: 'upgrade kubelet',
      inventoryId: INVENTORY_ID,
      survey: [],
    });
    const apiFor = () =>
      fakeAutomationApi({
        listInventories: async () =>
          page([inventory, makeInventory({ id: 'other' })]),
        listTemplates: async () => page([template]),
      });
    const api = apiFor();
    renderAutomationRoute(
      <EntityProvider entity={CLUSTER}>
        <EntityClusterAutomation />
      </EntityProvider>,
      { api, role: 'operator', landing: '/automation/runs/:id' },
    );
    expect(await screen.findByText('upgrade kubelet')).toBeInTheDocument();
    expect(api.listTemplates).toHaveBeenCalledWith({
      inventoryId: INVENTORY_ID,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Run playbook' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Run' }));
    await waitFor(() =>
      expect(api.startRun).toHaveBeenCalledWith(template.id, { answers: {} }),
    );
  });

  it('shows a viewer the playbooks of a cluster without Run', async () => {
    const api = fakeAutomationApi({
      listInventories: async () =>
        page([
          makeInventory({
            source: {
              kind: 'registry',
              groups: [],
              tags: [],
              machineIds: [],
              clusterId: CLUSTER_ID,
            },
          }),
        ]),
      listTemplates: async () =>
        page([makeTemplate({ name: 'upgrade kubelet' })]),
    });
    renderAutomationRoute(
      <EntityProvider entity={CLUSTER}>
        <EntityClusterAutomation />
      </EntityProvider>,
      { api, role: 'viewer' },
    );
    expect(await screen.findByText('upgrade kubelet')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run playbook' }),
    ).not.toBeInTheDocument();
  });
});
