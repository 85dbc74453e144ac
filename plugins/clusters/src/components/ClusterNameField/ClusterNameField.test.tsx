import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fakePermissionApi } from '@opssight/plugin-api-react';
import { clusterCreatePermission } from '@opssight/plugin-clusters-common';
import { ClusterNameField } from './ClusterNameField';

// usePermission caches decisions per module: one render per file.
jest.setTimeout(30_000);

describe('ClusterNameField for a user who may not create clusters', () => {
  it('says so on the first step and takes no name', async () => {
    const onChange = jest.fn();
    renderInTestApp(
      <ClusterNameField
        {...({
          formData: '',
          onChange,
          rawErrors: [],
          schema: { title: 'Name', type: 'string' },
          required: true,
          idSchema: { $id: 'root_name' },
          uiSchema: {},
        } as any)}
      />,
      {
        apis: [
          fakePermissionApi(name => name !== clusterCreatePermission.name),
        ],
      },
    );
    expect(
      await screen.findByText('You need the Operator role to create clusters'),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toBeDisabled();
  });
});
