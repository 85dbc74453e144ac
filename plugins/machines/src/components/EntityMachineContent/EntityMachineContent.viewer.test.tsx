import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { machineReadPermission } from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../../api';
import {
  fakeMachinesApi,
  makeMachine,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import { fakePermissionApi } from '@opssight/plugin-api-react';
import { EntityMachineContent } from './EntityMachineContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'web-1--10-0-0-1',
    annotations: { 'opssight.io/machine-id': 'm1' },
  },
  spec: { type: 'machine', owner: 'group:default/platform-team' },
};

// usePermission caches decisions per module, so each role gets its own test file.
describe('EntityMachineContent for a viewer', () => {
  it('shows the machine and its status, but neither tests it nor forgets its key', async () => {
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityMachineContent />
      </EntityProvider>,
      {
        apis: [
          [
            machinesApiRef,
            fakeMachinesApi({
              getMachine: jest.fn(async () =>
                makeMachine({
                  id: 'm1',
                  ip: '10.0.0.1',
                  lastCheck: makeResult({
                    machineId: 'm1',
                    sshOk: false,
                    errorKind: 'hostkey',
                    fingerprint: 'SHA256:other',
                  }),
                }),
              ),
            }),
          ],
          fakePermissionApi(name => name === machineReadPermission.name),
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('10.0.0.1')).toBeInTheDocument();
    expect(screen.getByTestId('connection-status')).toHaveTextContent(
      'host key changed',
    );
    expect(
      screen.queryByRole('button', { name: 'Test connection' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Forget pinned key' }),
    ).not.toBeInTheDocument();
  });
});
