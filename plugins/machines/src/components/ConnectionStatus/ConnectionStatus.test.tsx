import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { makeResult } from '@opssight/plugin-machines-react/testing';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import { ConnectionStatusChip } from './ConnectionStatus';
import { userEvent } from '@opssight/plugin-api-react/testing';

const rejected = makeResult({
  sshOk: false,
  errorKind: 'auth',
  message: '10.0.0.1:22 did not accept deploy (the server accepts: publickey)',
  credentialId: makeSshKey().id,
});

describe('ConnectionStatusChip', () => {
  it('shows a rejected login as an auth failure, with the credential it tried', async () => {
    renderInTestApp(<ConnectionStatusChip result={rejected} />, {
      apis: [fakeVaultApi([makeSshKey()])],
    });
    const chip = await screen.findByTestId('connection-status');
    expect(chip).toHaveTextContent('auth failed');
    expect(chip).toHaveAttribute('data-status', 'failed');

    await userEvent.hover(chip);
    expect(
      await screen.findByText(
        '10.0.0.1:22 did not accept deploy (the server accepts: publickey)',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Credential: deploy key · SSH key · deploy'),
    ).toBeInTheDocument();
  });

  it('names the credential by id in an app without the vault', async () => {
    renderInTestApp(<ConnectionStatusChip result={rejected} />);
    await userEvent.hover(await screen.findByTestId('connection-status'));
    expect(
      await screen.findByText(`Credential: ${rejected.credentialId}`),
    ).toBeInTheDocument();
  });

  it('names no credential for a handshake-only test', async () => {
    renderInTestApp(<ConnectionStatusChip result={makeResult()} />);
    await userEvent.hover(await screen.findByTestId('connection-status'));
    expect(await screen.findByText(/Host key: SHA256:abc/)).toBeInTheDocument();
    expect(screen.queryByText(/^Credential:/)).not.toBeInTheDocument();
  });
});
