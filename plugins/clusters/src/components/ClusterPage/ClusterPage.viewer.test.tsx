import { screen, waitFor } from '@testing-library/react';
import { renderClusterPage } from '../../__testUtils__/renderClusterPage';
import { expectNoButtons } from '@opssight/plugin-api-react/testing';

// A file of its own: usePermission caches answers for the whole file, so a
// viewer's page after an operator's could first show the operator's buttons.
describe('ClusterPage: a viewer', () => {
  it('offers neither to viewers', async () => {
    renderClusterPage({ role: 'viewer' });
    await screen.findByRole('heading', { name: 'prod-eu' });
    // usePermission answers from its cache of the earlier tests first, then
    // from this test's permission API: wait until both have settled.
    await waitFor(() => {
      expectNoButtons(['Edit', 'Delete']);
    });
  });
});
