import { screen, waitFor, within } from '@testing-library/react';
import {
  apiError,
  retype,
  userEvent,
  choose,
} from '@opssight/plugin-api-react/testing';
import { CLUSTER_ID, makeCluster } from '../../testing/fakeClustersApi';
import {
  renderClusterPage,
  TOKEN_ID,
} from '../../__testUtils__/renderClusterPage';

jest.setTimeout(60_000);

describe('ClusterPage: edit and delete', () => {
  it('edits the name, environment, description and the API: URL, CA and token credential', async () => {
    const api = renderClusterPage();
    await screen.findByRole('heading', { name: 'prod-eu' });
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();

    await retype(dialog.getByLabelText(/^Name/), 'prod-eu-2');
    expect(
      dialog.getByText(/Renaming also renames its catalog entity/),
    ).toBeInTheDocument();
    await retype(dialog.getByLabelText(/^Environment/), 'staging');
    await retype(dialog.getByLabelText('API URL'), 'https://10.0.0.11:6443');
    await userEvent.type(
      dialog.getByLabelText('CA certificate'),
      'LS0tLS1CRUdJTg==',
    );
    await choose('API token', 'prod reader token', dialog);

    const saved = makeCluster({
      name: 'prod-eu-2',
      environment: 'staging',
      apiUrl: 'https://10.0.0.11:6443',
      apiCaData: 'LS0tLS1CRUdJTg==',
      apiTokenCredentialId: TOKEN_ID,
    });
    api.updateCluster.mockResolvedValueOnce(saved);
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // Only what changed; the token by its vault credential, never a secret.
    expect(api.updateCluster).toHaveBeenCalledWith(CLUSTER_ID, {
      name: 'prod-eu-2',
      environment: 'staging',
      apiUrl: 'https://10.0.0.11:6443',
      apiCaData: 'LS0tLS1CRUdJTg==',
      apiTokenCredentialId: TOKEN_ID,
    });
    expect(
      await screen.findByRole('heading', { name: 'prod-eu-2' }),
    ).toBeInTheDocument();
    expect(screen.getByText('https://10.0.0.11:6443')).toBeInTheDocument();
  });

  it('shows why the server refused, and keeps the dialog open', async () => {
    const api = renderClusterPage();
    await screen.findByRole('heading', { name: 'prod-eu' });
    api.updateCluster.mockRejectedValueOnce(
      await apiError(
        409,
        'ConflictError',
        "name: a cluster named 'prod-us' already exists",
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = within(await screen.findByRole('dialog'));
    await retype(dialog.getByLabelText(/^Name/), 'prod-us');
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    expect(
      await dialog.findByText("name: a cluster named 'prod-us' already exists"),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('deletes after a confirmation naming what goes and what stays, then shows all clusters', async () => {
    const api = renderClusterPage();
    await screen.findByRole('heading', { name: 'prod-eu' });
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByRole('heading', { name: 'Delete cluster prod-eu?' }),
    ).toBeInTheDocument();
    expect(
      dialog.getByText(
        /its node roles and its change history, and its catalog entity/,
      ),
    ).toBeInTheDocument();
    expect(
      dialog.getByText(
        /2 machines stay registered, past runs stay in the run history/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(api.deleteCluster).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Delete cluster',
      }),
    );
    await waitFor(() =>
      expect(api.deleteCluster).toHaveBeenCalledWith(CLUSTER_ID),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('heading', { name: 'prod-eu' }),
      ).not.toBeInTheDocument(),
    );
  });
});
