import { createHash } from 'node:crypto';
import { screen, waitFor } from '@testing-library/react';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeJob,
  makeSnippet,
} from '../../testing/fakeClustersApi';
import type { Machine } from '@opssight/plugin-machines-common';
import { renderClustersRoute } from '../../__testUtils__/renderClustersRoute';
import {
  choose,
  retype,
  userEvent,
  submit,
} from '@opssight/plugin-api-react/testing';
import { runScript } from '../../__testUtils__/user';
import { loginSummary, RunScriptForm } from './RunScriptForm';

// usePermission caches decisions per module: the viewer has a file of its own.
jest.setTimeout(60_000);
/** The one credential fakeVaultApi() lists. */
const CREDENTIAL_ID = makeSshKey().id;
/** A snippet as the form saves it, without a description. */
const savedSnippet = (name: string, script: string) => ({
  name,
  description: '',
  script,
});

function renderForm(snippets = [makeSnippet()]) {
  const api = fakeClustersApi({
    listSnippets: jest.fn(async () => snippets),
    startRun: jest.fn(async () => makeJob({ id: 'run-7', status: 'queued' })),
  });
  const onStarted = jest.fn();
  renderClustersRoute(
    <RunScriptForm
      initialTargets={{ clusterId: CLUSTER_ID, role: 'all' }}
      onStarted={onStarted}
    />,
    { api, apis: [fakeVaultApi()] },
  );
  return { api, onStarted };
}

describe('RunScriptForm', () => {
  it('starts the run it was filled in for', async () => {
    const { api, onStarted } = renderForm();
    const cluster = await screen.findByRole('combobox', { name: 'Cluster' });
    // The field is there before the list of clusters has loaded.
    await waitFor(() =>
      expect(cluster).toHaveTextContent('prod-eu (production)'),
    );
    await choose('Nodes', 'Masters only');
    await choose('Saved snippet', 'disk usage');
    expect(screen.getByRole('textbox', { name: 'Script' })).toHaveValue(
      'df -h',
    );
    await choose('Log in with', 'deploy key · SSH key · deploy');
    expect(
      screen.getByText("Logs in as each machine's SSH user, else as deploy"),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Run as root (sudo)' }),
    );
    await retype(screen.getByRole('spinbutton', { name: 'Concurrency' }), '10');
    await retype(
      screen.getByRole('spinbutton', { name: 'Timeout per host (s)' }),
      '30',
    );
    expect(screen.getByTestId('run-summary')).toHaveTextContent(
      'On 1 node of prod-eu, 10 at a time, at most 30 s each, as root.',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() =>
      expect(onStarted).toHaveBeenCalledWith(
        expect.objectContaining({ id: 'run-7' }),
      ),
    );
    expect(api.startRun).toHaveBeenCalledWith({
      targets: { clusterId: CLUSTER_ID, role: 'master' },
      script: 'df -h',
      snippetId: makeSnippet().id,
      scriptSha256: createHash('sha256').update('df -h').digest('hex'),
      credentialId: CREDENTIAL_ID,
      sudo: true,
      concurrency: 10,
      timeoutSeconds: 30,
    });
  });

  it('runs a script as written, and shows what is missing instead of starting', async () => {
    const { api, onStarted } = renderForm();
    await screen.findByRole('combobox', { name: 'Cluster' });
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      await screen.findByText('choose the credential to log in with'),
    ).toBeInTheDocument();
    expect(screen.getByText('is empty')).toBeInTheDocument();
    expect(api.startRun).not.toHaveBeenCalled();

    await runScript('uptime');
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.startRun).toHaveBeenCalledWith({
      targets: { clusterId: CLUSTER_ID, role: 'all' },
      script: 'uptime',
      credentialId: CREDENTIAL_ID,
      sudo: false,
      concurrency: 50,
      timeoutSeconds: 60,
    });
  });

  it('shows why the backend refused the run', async () => {
    const { api } = renderForm();
    api.startRun.mockRejectedValueOnce(
      new Error("credentialId: you may not use credential 'deploy key'"),
    );
    await screen.findByRole('combobox', { name: 'Cluster' });
    await runScript('uptime');
    expect(
      await screen.findByText('The run did not start'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("credentialId: you may not use credential 'deploy key'"),
    ).toBeInTheDocument();
  });

  it('saves the script as a snippet', async () => {
    const { api } = renderForm();
    await screen.findByRole('combobox', { name: 'Cluster' });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Script' }),
      'free -m',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Save as snippet' }),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Name' }),
      'memory',
    );
    expect(await submit(api.createSnippet, 'Save snippet')).toEqual([
      savedSnippet('memory', 'free -m'),
    ]);
  });

  it("offers to copy someone else's snippet, and to edit one's own", async () => {
    const mine = makeSnippet({
      id: '00000000-0000-4000-8000-0000000000b2',
      name: 'my uptime',
      script: 'uptime',
      owner: 'user:default/guest',
      canEdit: true,
    });
    const { api } = renderForm([makeSnippet(), mine]);
    await screen.findByRole('combobox', { name: 'Cluster' });

    await choose('Saved snippet', 'disk usage');
    expect(
      screen.queryByRole('button', { name: 'Edit snippet' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue(
      'disk usage (copy)',
    );
    expect(await submit(api.createSnippet, 'Save snippet')).toEqual([
      savedSnippet('disk usage (copy)', 'df -h'),
    ]);
    expect(api.updateSnippet).not.toHaveBeenCalled();

    await choose('Saved snippet', 'my uptime');
    expect(
      screen.queryByRole('button', { name: 'Copy snippet' }),
    ).not.toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Script' }),
      ' -p',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Edit snippet' }));
    expect(await submit(api.updateSnippet, 'Save snippet')).toEqual([
      mine.id,
      savedSnippet('my uptime', 'uptime -p'),
    ]);
  });
});

describe('loginSummary', () => {
  const machine = (hostname: string, sshUser: string) =>
    ({ hostname, sshUser } as Machine);

  it("names the machine's SSH user first, else the credential's username", () => {
    expect(loginSummary('deploy', [machine('web-1', '')])).toEqual({
      text: 'Logs in as deploy',
      nobody: false,
    });
    expect(
      loginSummary('deploy', [
        machine('web-1', 'ubuntu'),
        machine('web-2', ''),
      ]),
    ).toEqual({
      text: 'Logs in as ubuntu on web-1; deploy on web-2',
      nobody: false,
    });
  });

  it('says which machines nobody can log in to', () => {
    expect(
      loginSummary('', [machine('web-1', 'ubuntu'), machine('db-1', '')]),
    ).toEqual({
      text: 'Logs in as ubuntu on web-1. db-1: no SSH user on the machine and no username on the credential, so nobody to log in as',
      nobody: true,
    });
    expect(loginSummary('', undefined).text).toBe(
      "Logs in as each machine's SSH user; machines without one are refused, since this credential has no username",
    );
  });
});
